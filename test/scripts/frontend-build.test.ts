import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputHash } from '../../scripts/frontend/build-stamp.ts';
import { ensureBuilt, type FrontendApp } from '../../scripts/frontend/frontend-app.ts';
import { widgetApp } from '../../scripts/frontend/widget.ts';
import { REPO_ROOT } from '../../server/config.ts';
import { runScript } from '../support/processes.ts';

describe('front-end builds (npm start builds what is missing or stale; npm run build everything)', () => {
  let root: string;
  let builds: number;
  let failNext: boolean;

  // An app whose "bundler" copies its one source file: enough to see when a build happens.
  const app: FrontendApp = {
    name: 'demo-app',
    inputs: ['src'],
    async build(outDir, repo) {
      if (failNext) throw new Error('bundler failed');
      builds += 1;
      await writeFile(path.join(outDir, 'out.js'), await readFile(path.join(repo, 'src', 'main.js')));
      return { entry: 'out.js' };
    },
  };
  const output = (file: string) => readFile(path.join(root, 'dist', 'demo-app', file), 'utf8');

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'concierge-frontend-'));
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'src', 'main.js'), 'console.log(1);');
    builds = 0;
    failNext = false;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('builds when the output is missing, and not again while the sources are the same', async () => {
    expect((await ensureBuilt(root, app)).reason).to.equal('missing');
    const again = await ensureBuilt(root, app);
    expect(again).to.include({ built: false, reason: 'fresh' });
    expect(builds).to.equal(1);
    expect(JSON.parse(await output('manifest.json'))).to.include({
      entry: 'out.js',
      inputHash: await inputHash(root, ['src']),
    });
  });

  it('rebuilds when a source’s content changes, not when it is only touched (a checkout changes mtimes)', async () => {
    await ensureBuilt(root, app);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'src', 'main.js'), later, later);
    expect((await ensureBuilt(root, app)).built).to.equal(false);
    await writeFile(path.join(root, 'src', 'main.js'), 'console.log(2);');
    expect((await ensureBuilt(root, app)).reason).to.equal('stale');
    expect(await output('out.js')).to.equal('console.log(2);');
    await writeFile(path.join(root, 'src', 'extra.js'), '');
    expect((await ensureBuilt(root, app)).reason).to.equal('stale');
  });

  it('keeps the previous output whole when a build fails', async () => {
    await ensureBuilt(root, app);
    await writeFile(path.join(root, 'src', 'main.js'), 'console.log(3);');
    failNext = true;
    let error: unknown = null;
    await ensureBuilt(root, app).catch((e: unknown) => (error = e));
    expect(error).to.have.property('message', 'bundler failed');
    expect(await output('out.js')).to.equal('console.log(1);');
  });

  it('npm start’s prestart builds the widget only when stale, into what the server serves', async function () {
    this.timeout(120_000);
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).to.equal('tsx scripts/build-frontend.ts --if-stale');
    await runScript('scripts/build-frontend.ts', ['--if-stale'], {});
    const second = await runScript('scripts/build-frontend.ts', ['--if-stale'], {});
    expect(second).to.include({ code: 0, stdout: '', stderr: '' });
    const manifest = JSON.parse(
      await readFile(path.join(REPO_ROOT, 'dist', 'web-widget', 'manifest.json'), 'utf8'),
    ) as { inputHash: string; loader: string; app: string };
    expect(manifest.inputHash).to.equal(await inputHash(REPO_ROOT, widgetApp.inputs));
    expect(manifest.loader).to.equal('widget.js');
    expect(manifest.app).to.match(/^widget\/assets\/app-[A-Z0-9]+\.js$/);
  });
});
