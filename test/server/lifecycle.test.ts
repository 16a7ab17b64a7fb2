import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  REPO_ROOT,
  runScript,
  startServerProcess,
  waitUntilReady,
  type ServerProcess,
} from '../support/processes.ts';

const PASSWORD = 'a sturdy test passphrase';

async function login(url: string, email: string, password = PASSWORD): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

async function tokenOf(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function productTotal(url: string): Promise<number> {
  const response = await fetch(`${url}/api/products?limit=1`);
  return ((await response.json()) as { total: number }).total;
}

const SEEDED_LINE = /seeded synthetic demo data/g;

describe('the server process (npm start)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-lifecycle-'));
  });

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** `npm run user:create` with the password in CONCIERGE_PASSWORD, as the README shows. */
  const userCreate = (args: string[], password: string | null = PASSWORD) =>
    runScript('scripts/user-create.ts', args, {
      DATA_DIR: dataDir,
      ...(password === null ? {} : { CONCIERGE_PASSWORD: password }),
    });

  it('starts on the embedded engine, seeds once, shuts down on SIGTERM with exit 0 and keeps its data', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    await waitUntilReady(server.url);
    const products = await productTotal(server.url);
    expect(products).to.be.within(40, 60);
    expect(server.output().match(SEEDED_LINE)).to.have.length(1);

    // user:create while the server runs reaches the server's own engine.
    const created = await userCreate(['--email', 'Admin@Shop.test', '--role', 'admin']);
    expect(created.stderr).to.equal('');
    expect(created.code).to.equal(0);
    expect(created.stdout).to.match(/Created admin admin@shop\.test .*running server/);
    expect(await login(server.url, 'admin@shop.test')).to.equal(200);
    const token = await tokenOf(server.url, 'admin@shop.test');
    const audit = await fetch(`${server.url}/api/audit-events?targetType=user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const events = ((await audit.json()) as { items: { action: string; actor: { type: string } }[] }).items;
    expect(events.map((event) => [event.action, event.actor.type])).to.deep.equal([['user.created', 'cli']]);

    // The intent model the chat uses is loaded and answers through the staff NLP route.
    const parsed = await fetch(`${server.url}/api/nlp/parse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Where is my order ORD-10023?' }),
    });
    expect(parsed.status).to.equal(200);
    const analysis = (await parsed.json()) as { intent: { name: string }; entities: { type: string }[] };
    expect(analysis.intent.name).to.equal('order_status');
    expect(analysis.entities.map((entity) => entity.type)).to.include('order_number');

    const firstRun = server;
    expect(await firstRun.stop('SIGTERM')).to.equal(0);
    expect(firstRun.output()).to.include('shutdown complete');
    server = undefined;

    server = await startServerProcess({ DATA_DIR: dataDir });
    await waitUntilReady(server.url);
    expect(server.output()).not.to.match(SEEDED_LINE);
    expect(await productTotal(server.url)).to.equal(products);
    expect(await login(server.url, 'admin@shop.test')).to.equal(200);
    expect(await server.stop('SIGINT')).to.equal(0);
    server = undefined;
  });

  it('shuts down cleanly (exit 0, database closed) while a client stalls mid-body and another mid-headers', async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      SHUTDOWN_TIMEOUT_MS: '20000',
      SEED_DEMO_DATA: 'false',
    });
    await waitUntilReady(server.url);
    const { hostname, port } = new URL(server.url);
    // A body announced as 100 bytes and never sent keeps the request in flight; the server's
    // "100 Continue" proves it has parsed the headers and is waiting for the body.
    const stalled = createConnection({ host: hostname, port: Number(port) });
    stalled.on('error', () => {});
    const continued = new Promise<void>((resolve) =>
      stalled.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('100 Continue')) resolve();
      }),
    );
    stalled.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\nExpect: 100-continue\r\n\r\n',
    );
    await continued;
    const slowHeaders = createConnection({ host: hostname, port: Number(port) });
    slowHeaders.on('error', () => {});
    await new Promise<void>((resolve) => slowHeaders.once('connect', () => resolve()));
    slowHeaders.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    try {
      expect(await server.stop('SIGTERM')).to.equal(0);
      expect(server.output()).to.include('shutdown complete');
      expect(server.output()).not.to.include('shutdown deadline passed');
      // The embedded engine released its data directory: the database was closed, not abandoned.
      expect(existsSync(path.join(dataDir, 'db', 'embedded-mongo.lock'))).to.equal(false);
    } finally {
      stalled.destroy();
      slowHeaders.destroy();
    }
  });

  it('stops start-up with a message naming the bad setting', async () => {
    const error = await startServerProcess({ DATA_DIR: dataDir, PORT: 'eighty' }).then(
      () => expect.fail('the server started with PORT=eighty'),
      (caught: Error) => caught.message,
    );
    expect(error).to.match(/exited with 1/);
    expect(error).to.match(/PORT: .*"eighty"/);
  });

  describe('npm run user:create', () => {
    it('opens the data directory itself when no server runs, and the server then accepts the user', async () => {
      const created = await userCreate(['--email', 'agent@shop.test', '--role', 'agent', '--name', 'Alex']);
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout).to.match(/Created agent agent@shop\.test .*embedded engine on/);
      expect(created.stdout + created.stderr).not.to.include(PASSWORD);

      server = await startServerProcess({ DATA_DIR: dataDir });
      await waitUntilReady(server.url);
      expect(await login(server.url, 'agent@shop.test')).to.equal(200);
      expect(await login(server.url, 'agent@shop.test', 'not the password')).to.equal(401);
    });

    it('refuses a duplicate email, a weak or common password and an unknown role with clear messages', async () => {
      expect((await userCreate(['--email', 'a@shop.test', '--role', 'agent'])).code).to.equal(0);

      const duplicate = await userCreate(['--email', 'A@shop.test', '--role', 'admin']);
      expect(duplicate.code).to.equal(1);
      expect(duplicate.stderr).to.include('a user with the email a@shop.test already exists');

      const short = await userCreate(['--email', 'b@shop.test', '--role', 'agent'], 'password12');
      expect(short.code).to.equal(2);
      expect(short.stderr).to.match(/too weak: use at least 12 characters/);

      const common = await userCreate(['--email', 'b@shop.test', '--role', 'agent'], 'Password2026!');
      expect(common.code).to.equal(2);
      expect(common.stderr).to.match(/too weak: it is one of the most common passwords/);

      const role = await userCreate(['--email', 'c@shop.test', '--role', 'owner']);
      expect(role.code).to.equal(2);
      expect(role.stderr).to.match(/--role must be one of agent, admin/);

      const missing = await userCreate(['--email', 'c@shop.test']);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.include('usage: npm run user:create');
    });

    it('never takes the password as an argument (npm would print it), and says where to put it', async () => {
      const refused = await userCreate(['--email', 'd@shop.test', '--password', PASSWORD, '--role', 'agent']);
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.match(/--password is not accepted .*CONCIERGE_PASSWORD/);

      const noPassword = await userCreate(['--email', 'd@shop.test', '--role', 'agent'], null);
      expect(noPassword.code).to.equal(2);
      expect(noPassword.stderr).to.match(/no password: set CONCIERGE_PASSWORD/);
    });

    it('reads the password from the first line of stdin when it is not a terminal', async () => {
      const created = await runScript(
        'scripts/user-create.ts',
        ['--email', 'piped@shop.test', '--role', 'agent'],
        { DATA_DIR: dataDir },
        `${PASSWORD}\n`,
      );
      expect(created.code, created.stderr).to.equal(0);
      server = await startServerProcess({ DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' });
      await waitUntilReady(server.url);
      expect(await login(server.url, 'piped@shop.test')).to.equal(200);
    });

    it('asks twice at a hidden prompt on a terminal, and the typed password is never shown', async function () {
      // `script` (util-linux) runs the tool on a pseudo-terminal, as a person at a shell would.
      if (!existsSync('/usr/bin/script')) this.skip();
      const command = [process.execPath, '--import', 'tsx', 'scripts/user-create.ts']
        .concat(['--email', 'typed@shop.test', '--role', 'admin'])
        .join(' ');
      const child = spawn('/usr/bin/script', ['-qefc', command, '/dev/null'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dataDir, CONCIERGE_PASSWORD: '', NODE_ENV: 'test' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const shown = (text: string) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (!screen.includes(text)) return;
            child.stdout.off('data', check);
            resolve();
          };
          child.stdout.on('data', check);
          check();
        });
      // Typed only once each prompt is on the screen, so the echo is already off (raw mode).
      await shown('Password: ');
      child.stdin.write(`${PASSWORD}\r`);
      await shown('Password again: ');
      child.stdin.write(`${PASSWORD}\r`);
      expect(await exited, screen).to.equal(0);
      expect(screen).to.match(/Created admin typed@shop\.test/);
      expect(screen).not.to.include(PASSWORD);
    });
  });
});
