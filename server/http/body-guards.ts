import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../shared/errors.ts';

/**
 * Refuses a body whose declared `Content-Length` exceeds the limit as soon as the headers arrive. Express's
 * body parser would first read the whole body and throw it away (50 MB on the wire for one 413), so the answer
 * comes now and the connection is closed after it instead of being drained.
 */
export function refuseOversizedBody(
  defaultLimitBytes: number,
  /** Routes that stream a larger body themselves (a CSV upload), with their own limit. */
  uploads: readonly { method: string; path: string; limitBytes: number }[] = [],
) {
  return (req: Request, res: Response, next: NextFunction) => {
    const upload = uploads.find((route) => route.method === req.method && route.path === req.path);
    const limitBytes = upload?.limitBytes ?? defaultLimitBytes;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limitBytes) {
      res.shouldKeepAlive = false;
      res.setHeader('Connection', 'close');
      next(new AppError('PAYLOAD_TOO_LARGE', undefined, { details: { limitBytes } }));
      return;
    }
    next();
  };
}

/**
 * JSON is UTF-8 (RFC 8259); the body parser would also decode UTF-7 or UTF-16, which lets text slip past
 * checks made on the raw bytes. Any other declared charset is refused with 415.
 */
export function requireUtf8Body(req: Request, _res: Response, next: NextFunction) {
  const type = req.headers['content-type'];
  const charset = type === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase())) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'The body must be UTF-8.', { details: { charset } }));
    return;
  }
  next();
}
