import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, openPage } from '../support/browser.ts';
import { REPO_ROOT, startServerProcess, waitUntilReady, type ServerProcess } from '../support/processes.ts';
import { launcher, openChat, sendMessage, waitForTranscript } from '../support/widget-page.ts';

function npm(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

// What the README promises a new user: `npm run build`, then `node dist/server/index.js`, and the demo shop
// with a working chat at the printed address — from the compiled files alone (intent data included).
describe('the built server (npm run build, then node dist/server/index.js)', function () {
  this.timeout(300_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-built-'));
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts from dist/ and serves the demo shop, the widget and a chat that answers', async () => {
    const build = await npm(['run', 'build']);
    expect(build.code, build.output).to.equal(0);

    server = await startServerProcess({ DATA_DIR: dataDir }, [process.execPath, 'dist/server/index.js']);
    await waitUntilReady(server.url, 600);
    expect(server.output()).to.include(`demo shop  ${server.url}/`);
    const widget = await fetch(`${server.url}/widget.js`);
    expect(widget.status).to.equal(200);
    const home = await fetch(`${server.url}/`);
    expect(home.status).to.equal(200);
    expect(await home.text()).to.include('synthetic data');

    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(`${server.url}/`);
      await launcher(page).waitFor();
      await openChat(page);
      await sendMessage(page, 'where is my order?');
      // The real NLP answers (it asks for the order number); any bot reply proves the pipeline ran.
      const shown = await waitForTranscript(page, (m) => m.some((x) => x.sender === 'bot'), 30_000);
      expect(shown[0]).to.include({ sender: 'visitor', text: 'where is my order?' });
      expect(shown[1]!.text).to.match(/order/i);
      expect(errors).to.deep.equal([]);
    } finally {
      await browser.close();
    }
    expect(await server.stop('SIGTERM')).to.equal(0);
    server = undefined;
  });
});
