import type { Document } from 'bson';

import type { Engine } from '../engine/engine.ts';

export interface CommandContext {
  engine: Engine;
  /** The database named by `$db` (or the OP_QUERY namespace). */
  db: string;
  connectionId: number;
  /** Compressors this server offers (the handshake echoes the ones the client asked for). */
  compressors: readonly string[];
  /** `host:port` of the client, for whatsmyuri. */
  client: string;
}

export type CommandHandler = (command: Document, context: CommandContext) => Document;
