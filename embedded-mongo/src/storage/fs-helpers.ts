import { open, unlink, type FileHandle } from 'node:fs/promises';

/** Groups buffers into writes of at least `chunkSize` bytes, so a large snapshot takes few syscalls. */
export function* chunkBuffers(buffers: Buffer[], chunkSize: number): Generator<Buffer> {
  let group: Buffer[] = [];
  let groupSize = 0;
  for (const buffer of buffers) {
    group.push(buffer);
    groupSize += buffer.length;
    if (groupSize >= chunkSize) {
      yield Buffer.concat(group);
      group = [];
      groupSize = 0;
    }
  }
  if (group.length > 0) yield Buffer.concat(group);
}

export async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/** Makes a create or rename in `dir` survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
