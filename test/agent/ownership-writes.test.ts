import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../support/processes.ts';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return Promise.resolve(entry.name.endsWith('.ts') ? [full] : []);
    }),
  );
  return nested.flat();
}

describe('conversation ownership: one writer', () => {
  it('only server/conversation/ownership.ts calls the repository’s owner write (changeOwner)', async () => {
    const files = await sourceFiles(path.join(REPO_ROOT, 'server'));
    const writers: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/\.changeOwner\(/.test(text)) writers.push(path.relative(REPO_ROOT, file));
    }
    expect(writers).to.deep.equal(['server/conversation/ownership.ts']);
  });
});
