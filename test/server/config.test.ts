import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CONFIG_KEYS,
  ConfigError,
  ensureTokenSecret,
  loadConfig,
  parseConfig,
  REPO_ROOT,
} from '../../server/config.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  expect.fail('parseConfig accepted an invalid environment');
}

describe('configuration', () => {
  it('has defaults that start a fresh clone with no settings at all', () => {
    const config = parseConfig({}, '/srv/concierge');
    expect(config.port).to.equal(3000);
    expect(config.host).to.equal('127.0.0.1');
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.dataDir).to.equal('/srv/concierge/data');
    expect(config.logLevel).to.equal('info');
    expect(config.widgetOrigins).to.deep.equal([]);
    expect(config.tokenSecret).to.equal(undefined);
    expect(config.seedDemoData).to.equal(true);
    expect(config.bodyLimitBytes).to.equal(100 * 1024);
  });

  it('reads every documented key', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
      DB_NAME: 'shop',
      DATA_DIR: '/var/lib/concierge',
      LOG_LEVEL: 'warn',
      WIDGET_ORIGINS: 'https://shop.example, https://www.shop.example/',
      TOKEN_SECRET: 'x'.repeat(40),
      AUTH_TOKEN_TTL_SECONDS: '900',
      REDIS_URL: 'redis://redis:6379',
      SEED_DEMO_DATA: 'false',
      TRUST_PROXY_HOPS: '1',
    });
    expect(config.env).to.equal('production');
    expect(config.port).to.equal(8080);
    expect(config.mongodbUri).to.equal('mongodb://db:27017/?replicaSet=rs0');
    expect(config.widgetOrigins).to.deep.equal(['https://shop.example', 'https://www.shop.example']);
    expect(config.authTokenTtlSeconds).to.equal(900);
    expect(config.redisUrl).to.equal('redis://redis:6379');
    expect(config.seedDemoData).to.equal(false);
    expect(config.trustProxyHops).to.equal(1);
  });

  it('is mirrored key for key by .env.example, whose values are valid as written', async () => {
    const text = await readFile(path.join(REPO_ROOT, '.env.example'), 'utf8');
    const entries = text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
    expect(entries.map(([key]) => key).sort()).to.deep.equal([...CONFIG_KEYS].sort());
    const config = parseConfig(Object.fromEntries(entries), '/srv/concierge');
    expect(config.port).to.equal(3000);
    expect(config.sharedDir).to.equal(path.resolve(REPO_ROOT, '..', 'shared'));
  });

  it('is frozen, so nothing can change it after start-up', () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.widgetOrigins)).to.equal(true);
  });

  it('names the key and the value in every problem', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(problems).to.have.length(2);
    expect(problems.find((problem) => problem.startsWith('PORT:'))).to.include('"eighty"');
    expect(problems.find((problem) => problem.startsWith('LOG_LEVEL:'))).to.include('"chatty"');
  });

  it('refuses out-of-range ports, bad URIs, bad origins and bad booleans', () => {
    expect(problemsOf({ PORT: '70000' })[0]).to.match(/^PORT:/);
    expect(problemsOf({ MONGODB_URI: 'postgres://x' })[0]).to.match(/^MONGODB_URI:/);
    expect(problemsOf({ WIDGET_ORIGINS: 'shop.example' })[0]).to.match(/^WIDGET_ORIGINS:/);
    expect(problemsOf({ SEED_DEMO_DATA: 'maybe' })[0]).to.match(/^SEED_DEMO_DATA:/);
    expect(problemsOf({ REDIS_URL: 'http://redis' })[0]).to.match(/^REDIS_URL:/);
  });

  it('never repeats a secret in its error message', () => {
    const [problem] = problemsOf({ TOKEN_SECRET: 'short-secret' });
    expect(problem).to.match(/^TOKEN_SECRET:/);
    expect(problem).not.to.include('short-secret');
  });

  describe('the token secret', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'concierge-config-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is generated once, kept under the data directory with mode 0600 and reused', async () => {
      const first = await loadConfig({ DATA_DIR: dir });
      const second = await loadConfig({ DATA_DIR: dir });
      expect(first.tokenSecret).to.have.length.greaterThan(40);
      expect(second.tokenSecret).to.equal(first.tokenSecret);
      expect((await readFile(path.join(dir, 'secret'), 'utf8')).trim()).to.equal(first.tokenSecret);
      expect((await stat(path.join(dir, 'secret'))).mode & 0o777).to.equal(0o600);
    });

    it('comes from TOKEN_SECRET when set, and then nothing is written', async () => {
      const config = await loadConfig({ DATA_DIR: dir, TOKEN_SECRET: 's'.repeat(32) });
      expect(config.tokenSecret).to.equal('s'.repeat(32));
      await stat(path.join(dir, 'secret')).then(
        () => expect.fail('a secret file was written'),
        (error: NodeJS.ErrnoException) => expect(error.code).to.equal('ENOENT'),
      );
    });

    it('refuses a kept secret that was truncated', async () => {
      await writeFile(path.join(dir, 'secret'), 'abc\n');
      const error = await ensureTokenSecret(dir).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(ConfigError);
    });
  });
});
