import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { StaffIdentity } from '../auth/auth-service.ts';
import type { Logger } from '../shared/logger.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Echoed in the `x-request-id` response header and on every log line of the request. */
    id: string;
    log: Logger;
    /** Set by the role guard on authenticated routes. */
    staff?: StaffIdentity;
  }
}

// A proxy's id is reused only when it cannot smuggle anything into logs or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Request id, per-request logger and one completion line (path only: query strings may carry emails). */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) req.log.error(line, 'request failed');
      else req.log.info(line, 'request');
    });
    next();
  };
}
