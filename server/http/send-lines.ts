import type { Response } from 'express';

/**
 * Streams text to a response that already has its headers set, waiting for the client at each full buffer
 * (so a slow reader holds one chunk in memory, not the export), and stopping when it goes away.
 */
export async function sendLines(res: Response, lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) {
    if (res.destroyed) break;
    if (!res.write(line)) {
      // Both listeners go when either fires: a long export waits for many drains.
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
  res.end();
}
