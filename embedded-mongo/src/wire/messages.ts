import type { Document } from 'bson';

import { encodeDocument, readDocument } from './bson-codec.ts';
import {
  HEADER_SIZE,
  KNOWN_REQUIRED_FLAGS,
  MAX_BSON_OBJECT_SIZE,
  MAX_COMMAND_SIZE,
  MsgFlag,
  OpCode,
  ProtocolError,
} from './protocol.ts';

/** A command as the engine sees it, whatever message carried it. */
export interface CommandRequest {
  requestId: number;
  /** OP_QUERY handshakes are answered with OP_REPLY, everything else with OP_MSG. */
  legacy: boolean;
  db: string;
  command: Document;
  /** The client expects no reply (OP_MSG moreToCome, e.g. w:0 writes and endSessions). */
  moreToCome: boolean;
}

export function readHeader(message: Buffer): { requestId: number; opCode: number } {
  return { requestId: message.readInt32LE(4), opCode: message.readInt32LE(12) };
}

function readCString(buffer: Buffer, offset: number, limit: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0 || end >= limit) throw new ProtocolError('unterminated C string');
  return [buffer.toString('utf8', offset, end), end + 1];
}

export function parseOpQuery(message: Buffer): CommandRequest {
  const requestId = message.readInt32LE(4);
  let offset = HEADER_SIZE + 4; // flags: nothing in them matters for a command
  const [namespace, afterName] = readCString(message, offset, message.length);
  offset = afterName + 8; // numberToSkip, numberToReturn
  const [query] = readDocument(message, offset, message.length, MAX_COMMAND_SIZE);
  if (!namespace.endsWith('.$cmd')) {
    throw new ProtocolError(`OP_QUERY is only supported for commands, not on namespace '${namespace}'`);
  }
  // Old clients wrap the command as {$query: {...}, $readPreference: ...}.
  const command =
    query.$query !== undefined && typeof query.$query === 'object' ? (query.$query as Document) : query;
  return { requestId, legacy: true, db: namespace.slice(0, -'.$cmd'.length), command, moreToCome: false };
}

export function parseOpMsg(message: Buffer): CommandRequest {
  const requestId = message.readInt32LE(4);
  if (message.length < HEADER_SIZE + 5) throw new ProtocolError('truncated OP_MSG');
  const flags = message.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flags & 0xffff & ~KNOWN_REQUIRED_FLAGS;
  if (unknownRequired !== 0)
    throw new ProtocolError(`unknown required OP_MSG flag bits 0x${unknownRequired.toString(16)}`);
  // The checksum is optional to verify; the driver never sends one.
  const limit = flags & MsgFlag.checksumPresent ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < limit) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const [doc, size] = readDocument(message, offset, limit, MAX_COMMAND_SIZE);
      body = doc;
      offset += size;
    } else if (kind === 1) {
      if (offset + 4 > limit) throw new ProtocolError('truncated document sequence');
      const size = message.readInt32LE(offset);
      const end = offset + size;
      if (size < 5 || end > limit) throw new ProtocolError(`invalid document sequence length ${size}`);
      const [identifier, start] = readCString(message, offset + 4, end);
      let cursor = start;
      const docs: Document[] = [];
      while (cursor < end) {
        const [doc, docSize] = readDocument(message, cursor, end, MAX_BSON_OBJECT_SIZE);
        docs.push(doc);
        cursor += docSize;
      }
      sequences.push([identifier, docs]);
      offset = end;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG has no body section');
  for (const [identifier, docs] of sequences) {
    if (body[identifier] !== undefined) {
      throw new ProtocolError(`document sequence '${identifier}' duplicates a field of the body`);
    }
    body[identifier] = docs;
  }
  const db = body.$db;
  if (typeof db !== 'string' || db.length === 0) throw new ProtocolError('OP_MSG body has no $db');
  return { requestId, legacy: false, db, command: body, moreToCome: (flags & MsgFlag.moreToCome) !== 0 };
}

let nextRequestId = 1;

function header(buffer: Buffer, responseTo: number, opCode: number): void {
  buffer.writeInt32LE(buffer.length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
}

export function encodeOpMsgReply(responseTo: number, reply: Document): Buffer {
  const doc = encodeDocument(reply);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 5 + doc.length);
  header(out, responseTo, OpCode.msg);
  out.writeUInt32LE(0, HEADER_SIZE);
  out.writeUInt8(0, HEADER_SIZE + 4);
  doc.copy(out, HEADER_SIZE + 5);
  return out;
}

export function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const doc = encodeDocument(reply);
  const out = Buffer.alloc(HEADER_SIZE + 20 + doc.length);
  header(out, responseTo, OpCode.reply);
  // responseFlags 0, cursorID 0, startingFrom 0 are already zero; numberReturned is 1.
  out.writeInt32LE(1, HEADER_SIZE + 16);
  doc.copy(out, HEADER_SIZE + 20);
  return out;
}
