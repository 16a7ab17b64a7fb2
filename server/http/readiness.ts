import { Router } from 'express';

/** One condition for serving traffic: resolves when fine, rejects (or throws) when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void> | void;
}

export interface Readiness {
  add(check: ReadinessCheck): void;
  /** From now on /readyz answers 503, so load balancers stop sending new work before the server closes. */
  markShuttingDown(): void;
  readonly shuttingDown: boolean;
  /** Every check's outcome, by name. */
  evaluate(): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: ReadinessCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${check.name} timed out`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([Promise.resolve().then(() => check.check()), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

export function createReadiness(initial: readonly ReadinessCheck[] = []): Readiness {
  const checks = [...initial];
  let shuttingDown = false;
  return {
    add(check) {
      checks.push(check);
    },
    markShuttingDown() {
      shuttingDown = true;
    },
    get shuttingDown() {
      return shuttingDown;
    },
    async evaluate() {
      const outcomes = await Promise.allSettled(checks.map(withTimeout));
      const results: Record<string, 'ok' | 'failing'> = {};
      checks.forEach((check, index) => {
        results[check.name] = outcomes[index]?.status === 'fulfilled' ? 'ok' : 'failing';
      });
      const ready = !shuttingDown && Object.values(results).every((result) => result === 'ok');
      return { ready, checks: results };
    },
  };
}

/** `/healthz`: the process answers. `/readyz`: it should receive traffic (details without error text). */
export function healthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, checks } = await readiness.evaluate();
    const status = readiness.shuttingDown ? 'shutting_down' : ready ? 'ready' : 'not_ready';
    res.status(ready ? 200 : 503).json({ status, checks });
  });
  return router;
}
