import { deflateSync, inflateSync } from 'node:zlib';

import { CompressorId, HEADER_SIZE, MAX_MESSAGE_SIZE, OpCode, ProtocolError } from './protocol.ts';

/** Only zlib is offered: snappy and zstd would need native packages. */
export const SUPPORTED_COMPRESSORS = ['zlib'] as const;

/** Turns an OP_COMPRESSED message back into the plain message it wraps (with a synthetic header). */
export function decompressMessage(message: Buffer): { plain: Buffer; compressorId: number } {
  if (message.length < HEADER_SIZE + 9) throw new ProtocolError('truncated OP_COMPRESSED message');
  const originalOpCode = message.readInt32LE(HEADER_SIZE);
  const uncompressedSize = message.readInt32LE(HEADER_SIZE + 4);
  const compressorId = message.readUInt8(HEADER_SIZE + 8);
  if (uncompressedSize < 0 || uncompressedSize > MAX_MESSAGE_SIZE) {
    throw new ProtocolError(`OP_COMPRESSED uncompressedSize ${uncompressedSize} is out of range`);
  }
  if (originalOpCode === OpCode.compressed) throw new ProtocolError('nested OP_COMPRESSED');
  const payload = message.subarray(HEADER_SIZE + 9);
  let body: Buffer;
  if (compressorId === CompressorId.noop) body = payload;
  else if (compressorId === CompressorId.zlib) {
    try {
      body = inflateSync(payload, { maxOutputLength: uncompressedSize });
    } catch (error) {
      throw new ProtocolError(`zlib decompression failed: ${(error as Error).message}`);
    }
  } else throw new ProtocolError(`unsupported compressor id ${compressorId}`);
  if (body.length !== uncompressedSize) {
    throw new ProtocolError(`OP_COMPRESSED declared ${uncompressedSize} bytes but held ${body.length}`);
  }
  const plain = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  message.copy(plain, 0, 0, HEADER_SIZE);
  plain.writeInt32LE(plain.length, 0);
  plain.writeInt32LE(originalOpCode, 12);
  body.copy(plain, HEADER_SIZE);
  return { plain, compressorId };
}

/** Wraps a plain message (header included) into OP_COMPRESSED with the given compressor. */
export function compressMessage(plain: Buffer, compressorId: number): Buffer {
  const body = plain.subarray(HEADER_SIZE);
  const payload = compressorId === CompressorId.zlib ? deflateSync(body) : body;
  const out = Buffer.allocUnsafe(HEADER_SIZE + 9 + payload.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(plain.readInt32LE(4), 4);
  out.writeInt32LE(plain.readInt32LE(8), 8);
  out.writeInt32LE(OpCode.compressed, 12);
  out.writeInt32LE(plain.readInt32LE(12), HEADER_SIZE);
  out.writeInt32LE(body.length, HEADER_SIZE + 4);
  out.writeUInt8(compressorId, HEADER_SIZE + 8);
  payload.copy(out, HEADER_SIZE + 9);
  return out;
}
