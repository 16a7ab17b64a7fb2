import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AppError } from '../shared/errors.ts';

/** A registry per application, so two apps in one test process never register the same metric twice. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Counts and times every request. The route label is the matched route's full pattern
 * (`/api/contacts/:id`), never the raw path, so ids cannot explode the number of series.
 */
export function httpMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    // The pattern is taken when the router matches a route, while `req.baseUrl` still holds the mount path of
    // its router: an error answered by the application's error handler (after the routers gave the request
    // back, and with it the baseUrl) would otherwise be counted under `/:id` alone.
    let matched: string | undefined;
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: unknown) => {
        route = value;
        const path = (value as { path?: unknown } | undefined)?.path;
        if (typeof path === 'string') matched = `${req.baseUrl}${path}`;
      },
    });
    res.on('finish', () => {
      const labels = { method: req.method, route: matched ?? 'unmatched', status: String(res.statusCode) };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };
}

/** `GET /metrics`: open, or only for `Authorization: Bearer <token>` when a token is configured. */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    if (expected !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      if (match === null) throw new AppError('UNAUTHENTICATED');
      // Compared as digests, so the comparison takes the same time whatever the length of the guess.
      if (!timingSafeEqual(digest(match[1]!), expected)) throw new AppError('INVALID_TOKEN');
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
