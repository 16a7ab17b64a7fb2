import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../server/shared/logger.ts';

/** A JSON logger (with the service's redaction) whose lines the test reads back. */
export function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', pretty: false, destination }), lines };
}
