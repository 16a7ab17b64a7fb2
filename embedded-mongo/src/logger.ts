/** The logging the engine needs; a pino logger fits it as is. */
export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: EngineLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
