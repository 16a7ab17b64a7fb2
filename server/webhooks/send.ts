import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { assertLiteralAllowed, guardedLookup, type Resolver } from './address-guard.ts';

export class DeliveryTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export interface SendOptions {
  timeoutMs: number;
  /** Off: the address is checked when connecting (server/webhooks/address-guard.ts). */
  allowPrivateNetworks: boolean;
  resolver?: Resolver;
}

/**
 * POSTs one webhook body and resolves with the status code. Node's own HTTP client rather than fetch,
 * because it takes the `lookup` the connection resolves with: the address checked is the address used.
 * Redirects are not followed (a 3xx is a failed attempt), and the answer's body is discarded.
 */
export function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<number> {
  const url = new URL(target);
  if (!options.allowPrivateNetworks) assertLiteralAllowed(url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      ...(options.allowPrivateNetworks ? {} : { lookup: guardedLookup(options.resolver) }),
    });
    const timer = setTimeout(
      () => req.destroy(new DeliveryTimeoutError(options.timeoutMs)),
      options.timeoutMs,
    );
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      res.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
