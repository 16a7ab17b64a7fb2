/** Numbers fixed by the MongoDB wire protocol specification. */
export const OpCode = {
  reply: 1,
  query: 2004,
  compressed: 2012,
  msg: 2013,
} as const;

export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
// A command document may exceed a stored document by the command envelope (the server allows 16 KB more).
export const MAX_COMMAND_SIZE = MAX_BSON_OBJECT_SIZE + 16 * 1024;

export const MsgFlag = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

/** Bits 0–15 are "required": a receiver must refuse a message carrying one it does not know. */
export const KNOWN_REQUIRED_FLAGS = MsgFlag.checksumPresent | MsgFlag.moreToCome;

export const CompressorId = {
  noop: 0,
  snappy: 1,
  zlib: 2,
  zstd: 3,
} as const;

export interface MessageHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A protocol violation: the connection cannot be trusted any more and is closed after an optional reply. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
