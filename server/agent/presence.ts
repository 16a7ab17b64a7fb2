import type { Repositories } from '../data/repositories/index.ts';
import type { Logger } from '../shared/logger.ts';

export interface PresenceKeeper {
  connected(agentId: string): void;
  disconnected(agentId: string): void;
  /** Agents with at least one socket on this node. */
  localAgents(): string[];
  /** One round now: touch this node's agents, lapse the stale (tests call it instead of waiting). */
  sweep(): Promise<void>;
  stop(): void;
}

/**
 * Presence across nodes, kept in the database: every `heartbeatMs` each node marks the agents with a socket
 * on it as seen, and lapses to offline every agent (of any node) not seen for `graceMs`. An agent whose last
 * socket closed, or whose node died, is offline one grace period later; a reload within it keeps the
 * presence the agent chose.
 */
export function createPresenceKeeper(options: {
  users: Repositories['users'];
  heartbeatMs: number;
  graceMs: number;
  /** Awaited by the sweep, so `sweep()` returns once lapsed agents' conversations have moved. */
  onLapsed: (agentIds: string[]) => void | Promise<void>;
  logger: Logger;
  now?: () => number;
}): PresenceKeeper {
  const sockets = new Map<string, number>();
  const now = options.now ?? Date.now;
  let sweeping: Promise<void> | null = null;
  const sweep = () =>
    (sweeping ??= (async () => {
      try {
        const at = now();
        await options.users.touchPresence([...sockets.keys()], new Date(at));
        const lapsed = await options.users.lapsePresence(new Date(at - options.graceMs));
        if (lapsed.length > 0) {
          options.logger.info({ agents: lapsed.length }, 'agent presence lapsed to offline');
          await options.onLapsed(lapsed);
        }
      } catch (error) {
        options.logger.warn({ err: error }, 'presence sweep failed');
      } finally {
        sweeping = null;
      }
    })());
  const timer = setInterval(() => void sweep(), options.heartbeatMs);
  timer.unref();
  return {
    connected(agentId) {
      sockets.set(agentId, (sockets.get(agentId) ?? 0) + 1);
      void options.users.touchPresence([agentId]).catch(() => {});
    },
    disconnected(agentId) {
      const left = (sockets.get(agentId) ?? 1) - 1;
      if (left > 0) sockets.set(agentId, left);
      else sockets.delete(agentId);
    },
    localAgents: () => [...sockets.keys()],
    sweep,
    stop: () => clearInterval(timer),
  };
}
