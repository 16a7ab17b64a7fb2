import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { IdempotencyRepository } from '../data/repositories/index.ts';
import { AppError } from '../shared/errors.ts';

/** Printable ASCII, as Stripe and the IETF draft use: a UUID fits, a header injection does not. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Canonical JSON (sorted keys) so `{a,b}` and `{b,a}` count as the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on a create: the first request with a key runs and its answer (2xx only) is stored
 * with the key; a retry with the same key and body gets that answer again (with `Idempotent-Replayed: true`)
 * and creates nothing; the same key with another body is `422 IDEMPOTENCY_KEY_REUSED`; a retry while the
 * first is still running is `409 IDEMPOTENCY_KEY_IN_USE`. Without the header the route runs as usual.
 * Keys are scoped to the caller and the route and remembered for 24 hours. Must run after the role guard.
 */
export function idempotent(repository: IdempotencyRepository) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 printable characters.', {
        details: {
          issues: [{ field: 'Idempotency-Key', message: 'expected 1 to 255 printable characters' }],
        },
      });
    }
    const scope = `${req.staff?.userId ?? 'anonymous'} ${req.method} ${req.baseUrl}${req.path}`;
    const bodyHash = createHash('sha256')
      .update(canonical(req.body ?? null))
      .digest('hex');
    const claim = await repository.claim(scope, key, bodyHash);
    if (claim.state !== 'new') {
      if (claim.bodyHash !== bodyHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      if (claim.state === 'in_progress') throw new AppError('IDEMPOTENCY_KEY_IN_USE');
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(claim.status).json(claim.response);
      return;
    }
    // The handler's answer is captured on its way out: success is stored, failure frees the key.
    const send = res.json.bind(res);
    let settled = false;
    res.json = (body: unknown) => {
      if (!settled) {
        settled = true;
        const status = res.statusCode;
        const store =
          status >= 200 && status < 300
            ? repository.complete(scope, key, status, JSON.parse(JSON.stringify(body ?? null)))
            : repository.release(scope, key);
        // The answer waits for the key's record, so a retry after this response always finds it.
        store.then(
          () => send(body),
          (error: unknown) => {
            req.log.error({ err: error }, 'idempotency record not saved');
            send(body);
          },
        );
        return res;
      }
      return send(body);
    };
    res.once('close', () => {
      if (!settled) void repository.release(scope, key).catch(() => {});
    });
    next();
  };
}
