import type { Socket } from 'node:net';

import type { Document } from 'bson';

import { executeCommand } from './commands/dispatch.ts';
import type { CommandContext } from './commands/context.ts';
import { Codes, MongoCommandError } from './errors.ts';
import type { Engine } from './engine/engine.ts';
import type { EngineLogger } from './logger.ts';
import { SUPPORTED_COMPRESSORS, compressMessage, decompressMessage } from './wire/compression.ts';
import { MessageFramer } from './wire/framer.ts';
import { encodeOpMsgReply, encodeOpReply, parseOpMsg, parseOpQuery, readHeader } from './wire/messages.ts';
import type { CommandRequest } from './wire/messages.ts';
import { CompressorId, OpCode, ProtocolError } from './wire/protocol.ts';

// The driver never compresses these, so their replies are not compressed either.
const UNCOMPRESSED_COMMANDS = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'getnonce',
  'authenticate',
]);

/**
 * One client connection. Messages are handled strictly one after another, so replies leave in
 * request order; a protocol violation closes this connection only.
 */
export class Connection {
  readonly id: number;
  readonly #socket: Socket;
  readonly #engine: Engine;
  readonly #logger: EngineLogger;
  readonly #framer = new MessageFramer();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(id: number, socket: Socket, engine: Engine, logger: EngineLogger) {
    this.id = id;
    this.#socket = socket;
    this.#engine = engine;
    this.#logger = logger;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => (this.#closed = true));
  }

  /** Resolves once every message received so far has been answered. */
  get idle(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    let messages: Buffer[];
    try {
      messages = this.#framer.push(chunk);
    } catch (error) {
      this.#fail(error);
      return;
    }
    for (const message of messages) {
      this.#queue = this.#queue.then(() => this.#handle(message));
    }
  }

  #fail(error: unknown): void {
    this.#logger.warn(
      { connectionId: this.id, error: (error as Error).message },
      'closing connection after protocol error',
    );
    this.close();
  }

  /** Never rejects: the queue of this connection must keep flowing, and the process must not crash. */
  async #handle(message: Buffer): Promise<void> {
    try {
      await this.#process(message);
    } catch (error) {
      this.#logger.error(
        { connectionId: this.id, error: (error as Error).message },
        'closing connection after an internal error',
      );
      this.close();
    }
  }

  async #process(message: Buffer): Promise<void> {
    if (this.#closed) return;
    let request: CommandRequest;
    let compressorId: number | undefined;
    try {
      let plain = message;
      if (readHeader(message).opCode === OpCode.compressed) {
        ({ plain, compressorId } = decompressMessage(message));
      }
      request = this.#parse(plain);
    } catch (error) {
      this.#replyToBadMessage(message, error);
      return;
    }
    const { reply, closeConnection } = await executeCommand(request.command, this.#context(request.db));
    if (closeConnection) {
      this.close();
      return;
    }
    if (request.moreToCome || this.#closed) return;
    this.#send(request, reply, compressorId);
  }

  #parse(message: Buffer): CommandRequest {
    const { opCode } = readHeader(message);
    if (opCode === OpCode.msg) return parseOpMsg(message);
    if (opCode === OpCode.query) return parseOpQuery(message);
    throw new ProtocolError(`unsupported opcode ${opCode}`);
  }

  /** Answers what can be answered (a known request kind), then closes: the stream can't be trusted. */
  #replyToBadMessage(message: Buffer, error: unknown): void {
    const { requestId, opCode } = readHeader(message);
    const reply = new MongoCommandError(Codes.BadValue, (error as Error).message).toReply();
    try {
      if (opCode === OpCode.msg) this.#socket.write(encodeOpMsgReply(requestId, reply));
      else if (opCode === OpCode.query) this.#socket.write(encodeOpReply(requestId, reply));
    } finally {
      this.#logger.warn(
        { connectionId: this.id, error: (error as Error).message },
        'closing connection after bad message',
      );
      this.#socket.end();
      this.#closed = true;
    }
  }

  #context(db: string): CommandContext {
    return {
      engine: this.#engine,
      db,
      connectionId: this.id,
      compressors: SUPPORTED_COMPRESSORS,
      client: `${this.#socket.remoteAddress ?? ''}:${this.#socket.remotePort ?? 0}`,
    };
  }

  #send(request: CommandRequest, reply: Document, compressorId: number | undefined): void {
    const encode = (doc: Document): Buffer =>
      request.legacy ? encodeOpReply(request.requestId, doc) : encodeOpMsgReply(request.requestId, doc);
    let out: Buffer;
    try {
      out = encode(reply);
    } catch (error) {
      // A reply BSON cannot hold (over 16 MB, say a $group gathering everything) becomes an error reply.
      out = encode(
        new MongoCommandError(
          Codes.BSONObjectTooLarge,
          `the reply could not be encoded: ${(error as Error).message}`,
        ).toReply(),
      );
    }
    const name = Object.keys(request.command)[0] ?? '';
    if (
      compressorId !== undefined &&
      compressorId !== CompressorId.noop &&
      !UNCOMPRESSED_COMMANDS.has(name)
    ) {
      out = compressMessage(out, compressorId);
    }
    this.#socket.write(out);
  }
}
