import type { Document } from 'bson';

import { Codes, MongoCommandError, toCommandError } from '../errors.ts';
import { aggregateCommands } from './aggregate.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { databaseCommands } from './databases.ts';
import { explainCommands } from './explain.ts';
import { findAndModifyCommands } from './find-and-modify.ts';
import { handshakeCommands } from './handshake.ts';
import { indexCommands } from './indexes.ts';
import { readCommands } from './read.ts';
import { testCommands } from './test-commands.ts';
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
    ...testCommands,
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

export interface CommandOutcome {
  reply: Document;
  /** A test fail point asked for the connection to be dropped instead of answered. */
  closeConnection?: boolean;
}

/**
 * Runs one command and makes its writes durable before returning the reply. Never throws:
 * every failure becomes a MongoDB-shaped `{ok: 0}` reply.
 */
export async function executeCommand(command: Document, context: CommandContext): Promise<CommandOutcome> {
  let reply: Document;
  try {
    const name = commandName(command);
    const handler = name === undefined ? undefined : COMMANDS.get(name);
    if (!handler) {
      throw new MongoCommandError(Codes.CommandNotFound, `no such command: '${name ?? ''}'`);
    }
    context.engine.sessions.touch(command.lsid);
    if (name === 'endSessions') context.engine.sessions.end(command.endSessions);
    const injected = context.engine.failPoints?.check(name!);
    if (injected)
      return injected.kind === 'closeConnection'
        ? { reply: {}, closeConnection: true }
        : { reply: injected.reply };
    refuseTransactions(command);
    reply = handler(command, context);
  } catch (error) {
    reply = toCommandError(error).toReply();
  }
  try {
    await context.engine.commit();
  } catch (error) {
    reply = new MongoCommandError(
      Codes.InternalError,
      `the write could not be made durable: ${(error as Error).message}`,
    ).toReply();
  }
  return { reply };
}
