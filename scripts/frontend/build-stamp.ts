import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A fingerprint of everything a front-end build reads: the content (not the mtime, which a checkout or a copy
 * changes) of every file under the given paths, with their relative names. The same sources give the same
 * hash on any machine, so "stale" means "the sources changed", never "the files were touched".
 */
export async function inputHash(root: string, inputs: readonly string[]): Promise<string> {
  const files: string[] = [];
  for (const input of inputs) files.push(...(await listFiles(root, input)));
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(await readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const absolute = path.join(root, relative);
  let entries;
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    // A file rather than a folder.
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [relative.split(path.sep).join('/')];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child.split(path.sep).join('/'));
  }
  return files;
}
