import { deserialize, serialize } from 'bson';
import type { Document } from 'bson';

import { ProtocolError } from './protocol.ts';

// promoteLongs: int64 values in the safe range become numbers, which mingo compares and increments;
// larger ones stay Long so no precision is lost silently.
const DECODE_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

/** Reads one BSON document starting at `offset`, checking its declared length against the bounds. */
export function readDocument(
  buffer: Buffer,
  offset: number,
  limit: number,
  maxSize: number,
): [Document, number] {
  if (offset + 5 > limit) throw new ProtocolError('truncated BSON document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new ProtocolError(`invalid BSON document length ${size}`);
  if (size > maxSize)
    throw new ProtocolError(`BSON document of ${size} bytes exceeds the maximum of ${maxSize}`);
  try {
    return [deserialize(buffer.subarray(offset, offset + size), DECODE_OPTIONS), size];
  } catch (error) {
    throw new ProtocolError(`invalid BSON: ${(error as Error).message}`);
  }
}

export function encodeDocument(doc: Document): Buffer {
  const bytes = serialize(doc, { ignoreUndefined: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
