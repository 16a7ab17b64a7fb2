import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { deflateSync, inflateSync } from 'node:zlib';

import { deserialize, serialize } from 'bson';
import type { Document } from 'bson';

import { MessageFramer } from '../../src/wire/framer.ts';

let nextRequestId = 1000;

function header(length: number, requestId: number, opCode: number): Buffer {
  const out = Buffer.alloc(16);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(0, 8);
  out.writeInt32LE(opCode, 12);
  return out;
}

export interface OpMsgOptions {
  flags?: number;
  requestId?: number;
  sequences?: [string, Document[]][];
  /** Replace the body bytes (to send malformed BSON). */
  rawBody?: Buffer;
}

export function opMsg(body: Document, options: OpMsgOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(options.flags ?? 0, 0);
  parts.push(flags, Buffer.from([0]), options.rawBody ?? Buffer.from(serialize(body)));
  for (const [identifier, docs] of options.sequences ?? []) {
    const payload = Buffer.concat([
      Buffer.from(`${identifier}\0`),
      ...docs.map((doc) => Buffer.from(serialize(doc))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  const bodyBytes = Buffer.concat(parts);
  return Buffer.concat([
    header(16 + bodyBytes.length, options.requestId ?? nextRequestId++, 2013),
    bodyBytes,
  ]);
}

export function opQuery(namespace: string, query: Document, requestId = nextRequestId++): Buffer {
  const fixed = Buffer.alloc(4);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const body = Buffer.concat([
    fixed,
    Buffer.from(`${namespace}\0`),
    skipReturn,
    Buffer.from(serialize(query)),
  ]);
  return Buffer.concat([header(16 + body.length, requestId, 2004), body]);
}

/** Wraps a plain message in OP_COMPRESSED with zlib (id 2). */
export function compressZlib(message: Buffer): Buffer {
  const payload = deflateSync(message.subarray(16));
  const prefix = Buffer.alloc(9);
  prefix.writeInt32LE(message.readInt32LE(12), 0);
  prefix.writeInt32LE(message.length - 16, 4);
  prefix.writeUInt8(2, 8);
  const body = Buffer.concat([prefix, payload]);
  return Buffer.concat([header(16 + body.length, message.readInt32LE(4), 2012), body]);
}

export interface Reply {
  opCode: number;
  responseTo: number;
  doc: Document;
}

/** Decodes an OP_MSG, OP_REPLY or OP_COMPRESSED(zlib) reply. */
export function decodeReply(message: Buffer): Reply {
  const responseTo = message.readInt32LE(8);
  let opCode = message.readInt32LE(12);
  let body = message.subarray(16);
  if (opCode === 2012) {
    opCode = body.readInt32LE(0);
    body = inflateSync(body.subarray(9));
  }
  if (opCode === 2013) return { opCode, responseTo, doc: deserialize(body.subarray(5)) };
  if (opCode === 1) return { opCode, responseTo, doc: deserialize(body.subarray(20)) };
  throw new Error(`unexpected reply opcode ${opCode}`);
}

/** A bare TCP client speaking the wire protocol by hand, to send what a driver never would. */
export class RawConnection {
  readonly #socket: Socket;
  readonly #framer = new MessageFramer();
  readonly #messages: Buffer[] = [];
  #waiters: ((message: Buffer | null) => void)[] = [];
  #closed = false;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.#framer.push(chunk)) {
        const waiter = this.#waiters.shift();
        if (waiter) waiter(message);
        else this.#messages.push(message);
      }
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.#closed = true;
        for (const waiter of this.#waiters.splice(0)) waiter(null);
        resolve();
      }),
    );
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.#socket.write(bytes);
  }

  /** The next message from the server, or null if the server closed the connection first. */
  next(): Promise<Buffer | null> {
    const queued = this.#messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async request(bytes: Buffer): Promise<Reply> {
    this.send(bytes);
    const message = await this.next();
    if (!message) throw new Error('the server closed the connection instead of replying');
    return decodeReply(message);
  }

  close(): void {
    this.#socket.destroy();
  }
}
