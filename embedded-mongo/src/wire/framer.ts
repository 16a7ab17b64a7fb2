import { HEADER_SIZE, MAX_MESSAGE_SIZE, ProtocolError } from './protocol.ts';

/**
 * Cuts a TCP byte stream into whole wire messages. Chunks are kept in a list and joined only when a
 * message is complete, so a large message arriving in many chunks is copied once.
 */
export class MessageFramer {
  #chunks: Buffer[] = [];
  #buffered = 0;
  readonly #maxMessageSize: number;

  constructor(maxMessageSize = MAX_MESSAGE_SIZE) {
    this.#maxMessageSize = maxMessageSize;
  }

  /** Adds bytes and returns every message now complete. Throws ProtocolError on an impossible length. */
  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const messages: Buffer[] = [];
    while (this.#buffered >= 4) {
      const length = this.#peekLength();
      if (length < HEADER_SIZE) throw new ProtocolError(`message length ${length} is shorter than a header`);
      if (length > this.#maxMessageSize) {
        throw new ProtocolError(`message length ${length} exceeds the maximum of ${this.#maxMessageSize}`);
      }
      if (this.#buffered < length) break;
      messages.push(this.#take(length));
    }
    return messages;
  }

  #peekLength(): number {
    const first = this.#chunks[0]!;
    if (first.length >= 4) return first.readInt32LE(0);
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined.readInt32LE(0);
  }

  #take(length: number): Buffer {
    const joined = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    const message = joined.subarray(0, length);
    const rest = joined.subarray(length);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return message;
  }
}
