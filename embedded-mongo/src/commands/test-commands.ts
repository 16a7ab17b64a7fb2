import { Codes, MongoCommandError } from '../errors.ts';
import type { CommandHandler } from './context.ts';

const configureFailPoint: CommandHandler = (command, context) => {
  const failPoints = context.engine.failPoints;
  if (!failPoints) {
    throw new MongoCommandError(Codes.CommandNotFound, "no such command: 'configureFailPoint'");
  }
  return failPoints.configure(command);
};

export const testCommands: Record<string, CommandHandler> = { configureFailPoint };
