import type { NextFunction, Request, Response } from 'express';
import { AppError, statusOf, toClientError, type ErrorCode } from '../shared/errors.ts';

/** Errors thrown by Express's body parser carry `type` and `status`; these map them onto the catalogue. */
const BODY_PARSER_CODES: Record<string, ErrorCode> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_JSON',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'VALIDATION_FAILED',
  'request.size.invalid': 'VALIDATION_FAILED',
  'stream.encoding.set': 'INTERNAL',
  'parameters.too.many': 'PAYLOAD_TOO_LARGE',
};

/** Client errors from Express's own layers (http-errors style `status`) that have no `type` to go by. */
const CLIENT_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function normalise(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  if (typeof type === 'string' && type in BODY_PARSER_CODES) {
    return new AppError(BODY_PARSER_CODES[type]!, undefined, { cause: error });
  }
  // The router could not decode a percent-encoded path parameter (`/api/contacts/%ZZ`).
  if (error instanceof URIError && status === 400) {
    return new AppError('VALIDATION_FAILED', 'The request path is not valid percent-encoding.', {
      cause: error,
    });
  }
  // zlib failed on a body declared gzip or deflate that is not (Z_DATA_ERROR, Z_BUF_ERROR…).
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError('MALFORMED_BODY', undefined, { cause: error });
  }
  if (typeof status === 'number' && status in CLIENT_STATUS_CODES) {
    return new AppError(CLIENT_STATUS_CODES[status]!, undefined, { cause: error });
  }
  return error;
}

export function notFound(req: Request, _res: Response, next: NextFunction) {
  next(new AppError('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}.`));
}

/** The one error middleware: every failure leaves as `{ error: { code, message } }`, never a stack. */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const appError = normalise(error);
  const status = statusOf(appError);
  const body = toClientError(appError);
  if (status >= 500) req.log.error({ err: error }, 'unhandled error');
  else req.log.debug({ code: body.code }, 'request refused');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (body.code === 'UNAUTHENTICATED' || body.code === 'INVALID_TOKEN' || body.code === 'TOKEN_EXPIRED') {
    res.setHeader('WWW-Authenticate', 'Bearer');
  }
  const retryAfter = body.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(status).json({ error: body });
}
