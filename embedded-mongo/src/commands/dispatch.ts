import type { Document } from 'bson';

import { Codes, MongoCommandError, toCommandError } from '../errors.ts';
import { aggregateCommands } from './aggregate.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { databaseCommands } from './databases.ts';
import { explainCommands } from './explain.ts';
import { findAndModifyCommands } from './find-and-modify.ts';
import { handshakeCommands, NO_AUTH_MESSAGE } from './handshake.ts';
import { indexCommands } from './indexes.ts';
import { readCommands } from './read.ts';
import { writeCommands } from './write.ts';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
    ...handshakeCommands,
    ...databaseCommands,
    ...indexCommands,
    ...readCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...aggregateCommands,
    ...explainCommands,
  }),
);

export function commandName(command: Document): string | undefined {
  for (const key in command) return key;
  return undefined;
}

/** What a real standalone answers to anything that belongs to a transaction. */
function refuseTransactions(command: Document): void {
  if (
    command.txnNumber !== undefined ||
    command.startTransaction !== undefined ||
    command.autocommit !== undefined
  ) {
    throw new MongoCommandError(
      Codes.IllegalOperation,
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
}

/**
 * Runs one command and makes its writes durable before returning the reply. Never throws:
 * every failure becomes a MongoDB-shaped `{ok: 0}` reply.
 */
export async function executeCommand(command: Document, context: CommandContext): Promise<Document> {
  let reply: Document;
  try {
    const name = commandName(command);
    const handler = name === undefined ? undefined : COMMANDS.get(name);
    if (!handler) {
      throw new MongoCommandError(Codes.CommandNotFound, `no such command: '${name ?? ''}'`);
    }
    refuseTransactions(command);
    reply = handler(command, context);
  } catch (error) {
    reply = toCommandError(error).toReply();
  }
  try {
    await context.engine.commit();
  } catch (error) {
    return new MongoCommandError(
      Codes.InternalError,
      `the write could not be made durable: ${(error as Error).message}`,
    ).toReply();
  }
  return reply;
}

export { NO_AUTH_MESSAGE };
