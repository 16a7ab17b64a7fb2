import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import cors from 'cors';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import { Server as SocketServer } from 'socket.io';
import { createAuthService, type AuthService } from './auth/auth-service.ts';
import { createHashingQueue } from './auth/hashing-queue.ts';
import type { LoginThrottle } from './auth/login-throttle.ts';
import type { ResolvedConfig } from './config.ts';
import type { Repositories } from './data/repositories/index.ts';
import type { EventBus } from './events/event-bus.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { refuseOversizedBody, requireUtf8Body } from './http/body-guards.ts';
import { createMetricsRegistry, httpMetrics, metricsEndpoint } from './http/metrics.ts';
import { createReadiness, healthRouter, type Readiness, type ReadinessCheck } from './http/readiness.ts';
import { requestContext } from './http/request-context.ts';
import { apiDocsRouter } from './http/routes/api-docs.ts';
import { apiRouter } from './http/routes/index.ts';
import { agentRoom } from './gateway/agent-rooms.ts';
import type { Logger } from './shared/logger.ts';
import { operatorMetrics, registerLiveGauges } from './shared/operator-metrics.ts';
import { AGENT_NAMESPACE } from './contracts/agent-events.ts';
import { VISITOR_NAMESPACE } from './contracts/visitor-events.ts';
import { createOriginPolicy, listeningOrigins, type OriginPolicy } from './shared/origin-policy.ts';

/** What the application needs from outside; tests pass fakes or an in-memory database. */
export interface AppDeps {
  config: ResolvedConfig;
  logger: Logger;
  repositories: Repositories;
  /** The domain events the write API emits (webhooks and analytics listen); none in tests that do not care. */
  events?: EventBus;
  /** Conditions for /readyz (database ping, model loaded…); more can be added later with `readiness.add`. */
  readinessChecks?: readonly ReadinessCheck[];
  /** Defaults to a fresh registry with process metrics. */
  metrics?: Registry;
  loginThrottle?: LoginThrottle;
  /** The clock for tokens and throttling; tests move it. */
  now?: () => number;
}

/** What gateways and routers receive: the deps plus what the application built from them. */
export interface AppContext extends AppDeps {
  metrics: Registry;
  auth: AuthService;
  originPolicy: OriginPolicy;
  readiness: Readiness;
}

/** A socket.io namespace (e.g. /visitor): registers its handlers; may return something to close on shutdown. */
export type GatewayRegistration = (
  io: SocketServer,
  context: AppContext,
) => void | { close(): void | Promise<void> };

/** Extra HTTP routes mounted before the JSON 404 (static widget files, later APIs). */
export type HttpRegistration = (app: Router, context: AppContext) => void;

export interface AppOptions {
  gateways?: readonly GatewayRegistration[];
  http?: readonly HttpRegistration[];
}

export interface Application {
  app: Express;
  httpServer: HttpServer;
  io: SocketServer;
  context: AppContext;
  readiness: Readiness;
  /**
   * Readiness goes 503, sockets are disconnected, the HTTP server stops accepting and waits for in-flight
   * requests. Does not close the database: whoever opened it closes it.
   */
  close(): Promise<void>;
}

/** Builds Express and socket.io on an http.Server without listening: the caller chooses port and lifetime. */
export function createApplication(deps: AppDeps, options: AppOptions = {}): Application {
  const { config, logger, repositories } = deps;
  const metrics = deps.metrics ?? createMetricsRegistry();
  const readiness = createReadiness(deps.readinessChecks ?? []);
  // The server's own origins are known once it listens (port 0 in tests): read at each check.
  const originPolicy = createOriginPolicy(config.widgetOrigins, config.publicUrl, () =>
    listeningOrigins(httpServer.address()),
  );
  const auth = createAuthService({
    users: repositories.users,
    revokedTokens: repositories.revokedTokens,
    secret: config.tokenSecret,
    ttlSeconds: config.authTokenTtlSeconds,
    checkCacheMs: config.authCheckCacheSeconds * 1000,
    throttle: deps.loginThrottle,
    hashing: createHashingQueue({ concurrency: config.passwordHashConcurrency, maxWaiting: 64 }),
    now: deps.now,
    onLoginRefused: (reason) => {
      const { loginFailures, rateLimited } = operatorMetrics(metrics);
      loginFailures.inc({ reason });
      if (reason !== 'invalid_credentials') rateLimited.inc({ limit: 'login' });
    },
  });
  const context: AppContext = { ...deps, metrics, auth, originPolicy, readiness };

  const app = express();
  app.disable('x-powered-by');
  // Responses still being produced when shutdown begins are told to close their connection, so keep-alive
  // clients do not hold the server open after their last answer.
  const inFlight = new Set<ServerResponse>();
  app.use((_req, res, next) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    next();
  });
  app.set('trust proxy', config.trustProxyHops);
  app.use(requestContext(logger));
  app.use(httpMetrics(metrics));
  app.use(helmet());
  app.use(
    cors((req, callback) => {
      callback(null, {
        origin: originPolicy.allows(req.headers.origin),
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
        exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'Idempotent-Replayed'],
        maxAge: 600,
      });
    }),
  );
  app.use(
    refuseOversizedBody(config.bodyLimitBytes, [
      { method: 'POST', path: '/api/imports', limitBytes: config.importMaxBytes },
    ]),
  );
  app.use(requireUtf8Body);
  app.use(express.json({ limit: config.bodyLimitBytes, strict: true }));

  app.use(healthRouter(readiness));
  app.get('/metrics', metricsEndpoint(metrics, config.metricsToken));
  app.use('/api', apiDocsRouter(config));
  app.use(
    '/api',
    apiRouter(auth, repositories, deps.events, {
      secureCookies: config.env === 'production',
      webhookRetryForMs: config.webhooks.retryForMs,
      // A deactivated user's open /agent sockets are cut on every node (through the Redis adapter when set);
      // the socket's reconnection then fails its handshake. `io` exists by the time a request arrives.
      endStaffSessions: (userId) => io.of('/agent').in(agentRoom(userId)).disconnectSockets(true),
      webhookAllowPrivateNetworks: config.webhooks.allowPrivateNetworks,
    }),
  );
  for (const register of options.http ?? []) register(app, context);
  app.use(notFound);
  app.use(errorHandler);

  const httpServer = createServer(
    {
      // A client gets this long to send its headers, then its whole request; then 408 and the connection
      // closes, so slow clients cannot hold connections (or a shutdown) open.
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      // How often Node looks for requests past those timeouts (its default, 30 s, would make them 30 s late).
      connectionsCheckingInterval: Math.min(1000, config.httpHeadersTimeoutMs / 2),
    },
    app,
  );
  const io = new SocketServer(httpServer, {
    serveClient: false,
    maxHttpBufferSize: config.socketMaxPayloadBytes,
    // WebSocket upgrades bypass CORS: the Origin check for every namespace happens here, before any session
    // exists. The refusal is HTTP 403 with `{"code":4,"message":"ORIGIN_NOT_ALLOWED"}` (docs/protocol.md).
    allowRequest: (req, callback) => {
      const allowed = originPolicy.allows(req.headers.origin);
      callback(allowed ? null : 'ORIGIN_NOT_ALLOWED', allowed);
    },
    cors: {
      origin: (origin, callback) => callback(null, originPolicy.allows(origin)),
    },
  });
  io.engine.on('connection_error', (error: { code?: number; message?: string }) => {
    logger.debug({ code: error.code, reason: error.message }, 'socket connection refused');
  });

  // Registered now, so every series is on /metrics (at 0) before its first event.
  operatorMetrics(metrics);
  registerLiveGauges(metrics, {
    connectedVisitors: () => io.of(VISITOR_NAMESPACE).sockets.size,
    connectedAgents: () =>
      new Set([...io.of(AGENT_NAMESPACE).sockets.values()].map((s) => s.data?.staff?.userId)).size,
    queue: async () => ({
      length: await repositories.conversations.countWaiting(),
      oldestWaitingSince: (await repositories.conversations.listWaiting(1))[0]?.escalatedAt ?? null,
    }),
  });

  // ── Gateways: every socket.io namespace is registered here, from the options, never by editing this file.
  const gatewayHandles = (options.gateways ?? []).map((register) => register(io, context));

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      readiness.markShuttingDown();
      for (const handle of gatewayHandles) await handle?.close();
      io.disconnectSockets(true);
      io.engine.close();
      if (httpServer.listening) {
        const closed = new Promise<void>((resolve, reject) => {
          httpServer.close((error) => (error ? reject(error) : resolve()));
        });
        httpServer.closeIdleConnections();
        // A request whose body is still arriving is a slow (or stalled) client, not work in progress: it is
        // cut now rather than allowed to hold the shutdown until its deadline. Handlers already running with
        // their whole request finish, and their connections close after the answer.
        for (const res of inFlight) {
          if (!res.req.complete) res.req.socket.destroy();
          else if (!res.headersSent) res.shouldKeepAlive = false;
        }
        await Promise.all([...inFlight].map((res) => new Promise((done) => res.once('close', done))));
        // What is left has no request in progress here: idle keep-alive sockets and clients that never
        // finished sending their headers.
        httpServer.closeAllConnections();
        await closed;
      }
    })();
    return closing;
  };

  return { app, httpServer, io, context, readiness, close };
}
