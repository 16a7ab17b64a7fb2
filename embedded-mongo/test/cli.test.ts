import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';
import { MongoClient } from 'mongodb';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

function runCli(args: string[]): ChildProcess {
  const env = { ...process.env };
  delete env.EMBEDDED_MONGO_DATA_DIR;
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
}

/** Resolves with the first stdout line matching the pattern (rejects if the process exits first). */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => pattern.test(candidate));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`cli exited with ${code} before printing ${pattern}`)));
  });
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

describe('npm run db (embedded-mongo/cli.ts)', function () {
  this.timeout(30_000);

  it('prints its mongodb:// address once it accepts connections and stops cleanly on SIGTERM', async function () {
    const child = runCli(['--port', '0', '--memory']);
    const exited = once(child, 'exit');
    try {
      const line = await lineMatching(child, /mongodb:\/\/127\.0\.0\.1:\d+/);
      const uri = /mongodb:\/\/127\.0\.0\.1:\d+\//.exec(line)![0];
      const client = await MongoClient.connect(uri);
      try {
        expect((await client.db('admin').command({ ping: 1 })).ok).to.equal(1);
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await exited;
    expect(code).to.equal(0);
  });

  it('explains a bad flag and exits with status 2', async function () {
    const child = runCli(['--port', 'abc', '--memory']);
    const stderr = collect(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code).to.equal(2);
    expect(stderr()).to.match(/--port must be an integer/);
    expect(stderr()).to.match(/usage: npm run db/);
  });

  it('requires choosing between a data directory and memory', async function () {
    const child = runCli(['--port', '0']);
    const stderr = collect(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code).to.equal(2);
    expect(stderr()).to.match(/--data-dir <dir>.*or --memory/);
  });
});
