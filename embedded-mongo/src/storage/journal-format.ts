import { deserialize, serialize, type DeserializeOptions } from 'bson';
import { crc32 } from 'node:zlib';
import type { JournalRecord } from './types.ts';

/**
 * Journal file layout (all integers little-endian):
 *
 *   header  = magic "EMDBJRNL" (8 bytes) | format version (u32) | crc32 of the previous 12 bytes (u32)
 *   frame   = payload length (u32) | crc32 of (length bytes + payload) (u32) | payload
 *   payload = one or more BSON documents back to back, one per record
 *
 * One frame holds the records of one append() call, so a command replays whole or not at all.
 */
export const JOURNAL_MAGIC = Buffer.from('EMDBJRNL', 'latin1');
export const JOURNAL_FORMAT_VERSION = 1;
export const HEADER_SIZE = 16;
export const FRAME_HEADER_SIZE = 8;
/** The smallest BSON document is 5 bytes; a shorter payload can only be garbage (e.g. zeroed pages). */
const MIN_PAYLOAD = 5;

// Longs stay Long so a value comes back as the type it was stored as; everything else as bson's defaults.
const DECODE_OPTIONS: DeserializeOptions = { promoteLongs: false };

export class JournalFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalFormatError';
  }
}

export function encodeHeader(version = JOURNAL_FORMAT_VERSION): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  JOURNAL_MAGIC.copy(header, 0);
  header.writeUInt32LE(version, 8);
  header.writeUInt32LE(crc32(header.subarray(0, 12)), 12);
  return header;
}

export function encodeFrame(records: readonly JournalRecord[]): Buffer {
  const parts: Uint8Array[] = [];
  let payloadLength = 0;
  for (const record of records) {
    const bytes = serialize(record);
    parts.push(bytes);
    payloadLength += bytes.length;
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + payloadLength);
  frame.writeUInt32LE(payloadLength, 0);
  let offset = FRAME_HEADER_SIZE;
  for (const part of parts) {
    frame.set(part, offset);
    offset += part.length;
  }
  frame.writeUInt32LE(frameChecksum(frame, payloadLength), 4);
  return frame;
}

/** Encodes a compacted journal's records in frames of `recordsPerFrame`, to amortise framing. */
export function encodeSnapshot(
  records: Iterable<JournalRecord>,
  recordsPerFrame: number,
): { frames: Buffer[]; snapshotRecords: number } {
  const frames: Buffer[] = [];
  let snapshotRecords = 0;
  let chunk: JournalRecord[] = [];
  for (const record of records) {
    chunk.push(record);
    if (chunk.length === recordsPerFrame) {
      frames.push(encodeFrame(chunk));
      snapshotRecords += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length > 0) {
    frames.push(encodeFrame(chunk));
    snapshotRecords += chunk.length;
  }
  return { frames, snapshotRecords };
}

/** Where and why reading stopped before the end of the file. */
export interface DamagedTail {
  offset: number;
  /** `incomplete`: the file ends inside a frame (a torn write); `checksum`: a whole frame fails its CRC. */
  reason: 'incomplete' | 'checksum';
}

export interface ReadJournal {
  records: JournalRecord[];
  /** Length of the prefix made of the header and whole, valid frames. */
  validLength: number;
  damagedTail: DamagedTail | null;
}

/**
 * Checks the header and decodes every valid frame. A damaged tail is reported, not thrown: it is the
 * normal trace of a crash during a write that was never acknowledged.
 */
export function readJournal(data: Buffer, path: string): ReadJournal {
  checkHeader(data, path);
  const records: JournalRecord[] = [];
  let offset = HEADER_SIZE;
  while (offset < data.length) {
    const damage = frameDamage(data, offset);
    if (damage) return { records, validLength: offset, damagedTail: { offset, reason: damage } };
    const payloadLength = data.readUInt32LE(offset);
    const payloadEnd = offset + FRAME_HEADER_SIZE + payloadLength;
    decodePayload(data, offset + FRAME_HEADER_SIZE, payloadEnd, records, path);
    offset = payloadEnd;
  }
  return { records, validLength: offset, damagedTail: null };
}

/** True when `data` (shorter than a header) is what a crash while writing a new header leaves behind. */
export function isUnfinishedHeader(data: Buffer): boolean {
  return data.length < HEADER_SIZE && encodeHeader().subarray(0, data.length).equals(data);
}

function checkHeader(data: Buffer, path: string): void {
  if (data.length < HEADER_SIZE || !data.subarray(0, 8).equals(JOURNAL_MAGIC)) {
    throw new JournalFormatError(
      `${path} is not an embedded-mongo journal (its first bytes are not "${JOURNAL_MAGIC.toString('latin1')}"). ` +
        'Point the engine at another data directory, or move this file away.',
    );
  }
  if (data.readUInt32LE(12) !== crc32(data.subarray(0, 12))) {
    throw new JournalFormatError(
      `${path} has a damaged header (checksum mismatch); the journal cannot be trusted.`,
    );
  }
  const version = data.readUInt32LE(8);
  if (version !== JOURNAL_FORMAT_VERSION) {
    throw new JournalFormatError(
      `${path} uses journal format version ${version}, but this engine reads only version ${JOURNAL_FORMAT_VERSION}. ` +
        (version > JOURNAL_FORMAT_VERSION
          ? 'It was written by a newer engine; upgrade this one, or export the data with that newer engine.'
          : 'It was written by an older engine; open it with that engine and export the data.'),
    );
  }
}

function frameDamage(data: Buffer, offset: number): DamagedTail['reason'] | null {
  if (data.length - offset < FRAME_HEADER_SIZE) return 'incomplete';
  const payloadLength = data.readUInt32LE(offset);
  if (data.length - offset - FRAME_HEADER_SIZE < payloadLength) return 'incomplete';
  if (payloadLength >= MIN_PAYLOAD) {
    const frame = data.subarray(offset, offset + FRAME_HEADER_SIZE + payloadLength);
    if (frame.readUInt32LE(4) === frameChecksum(frame, payloadLength)) return null;
  }
  // A file can grow before the bytes of the write that grew it reach the disk: the crash leaves zeros.
  return isAllZeros(data, offset) ? 'incomplete' : 'checksum';
}

function isAllZeros(data: Buffer, from: number): boolean {
  for (let i = from; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}

function frameChecksum(frame: Buffer, payloadLength: number): number {
  const lengthChecksum = crc32(frame.subarray(0, 4));
  return crc32(frame.subarray(FRAME_HEADER_SIZE, FRAME_HEADER_SIZE + payloadLength), lengthChecksum);
}

/**
 * A frame that passed its checksum but does not decode was written wrong, not torn: refusing to open
 * is safer than silently dropping it and everything after it.
 */
function decodePayload(data: Buffer, start: number, end: number, into: JournalRecord[], path: string): void {
  let offset = start;
  while (offset < end) {
    const size = end - offset >= 4 ? data.readInt32LE(offset) : 0;
    if (size < MIN_PAYLOAD || offset + size > end) {
      throw new JournalFormatError(
        `${path}: a frame at offset ${start - FRAME_HEADER_SIZE} holds a malformed record.`,
      );
    }
    const record = deserialize(data.subarray(offset, offset + size), DECODE_OPTIONS);
    if (!isRecordKind(record.op)) {
      throw new JournalFormatError(
        `${path}: unknown record kind ${JSON.stringify(record.op)} at offset ${offset}; ` +
          'the journal was written by a newer engine.',
      );
    }
    into.push(record as JournalRecord);
    offset += size;
  }
}

// Typed as a Record so a new kind in types.ts fails to compile here until replay knows it.
const RECORD_KINDS: Record<JournalRecord['op'], true> = {
  put: true,
  delete: true,
  createCollection: true,
  dropCollection: true,
  createIndex: true,
  dropIndex: true,
  dropDatabase: true,
};

function isRecordKind(op: unknown): op is JournalRecord['op'] {
  return typeof op === 'string' && Object.hasOwn(RECORD_KINDS, op);
}
