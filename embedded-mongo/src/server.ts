import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import { Connection } from './connection.ts';
import type { Engine } from './engine/engine.ts';
import type { EngineLogger } from './logger.ts';

/** The TCP side: accepts connections and gives each its own Connection. */
export class WireServer {
  readonly #engine: Engine;
  readonly #logger: EngineLogger;
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #nextConnectionId = 1;

  constructor(engine: Engine, logger: EngineLogger) {
    this.#engine = engine;
    this.#logger = logger;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  listen(port: number, host: string): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address();
        if (address === null || typeof address === 'string') reject(new Error('server has no TCP address'));
        else resolve({ host: address.address, port: address.port });
      });
    });
  }

  #accept(socket: Socket): void {
    const connection = new Connection(this.#nextConnectionId++, socket, this.#engine, this.#logger);
    this.#connections.add(connection);
    this.#engine.connections.current++;
    this.#engine.connections.totalCreated++;
    socket.on('close', () => {
      this.#connections.delete(connection);
      this.#engine.connections.current--;
    });
  }

  /** Stops accepting, lets in-flight commands finish (their writes are journaled), then drops clients. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await Promise.all([...this.#connections].map((connection) => connection.idle));
    for (const connection of this.#connections) connection.close();
    await closed;
  }
}
