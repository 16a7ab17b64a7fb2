import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  type: string;
  body: string;
  signature: string;
  at: number;
  answered: number;
}

/**
 * A webhook receiver on 127.0.0.1: answers each request with `status(request)` and records it. Like a real
 * receiver it deduplicates by event id (`accepted` holds each id once, in arrival order).
 */
export async function startReceiver(status: (request: ReceivedWebhook) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const accepted = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const body = await read(req);
    const parsed = JSON.parse(body) as { id: string; type: string };
    const entry: ReceivedWebhook = {
      id: parsed.id,
      type: parsed.type,
      body,
      signature: String(req.headers['concierge-signature'] ?? ''),
      at: Date.now(),
      answered: 0,
    };
    entry.answered = status(entry);
    received.push(entry);
    if (entry.answered >= 200 && entry.answered < 300)
      accepted.set(parsed.id, (accepted.get(parsed.id) ?? 0) + 1);
    inFlight -= 1;
    res.statusCode = entry.answered;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    accepted,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` every 25 ms until it holds, at most `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
