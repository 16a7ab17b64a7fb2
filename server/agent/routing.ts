import { assignAgent } from '../conversation/handoff.ts';
import type { Logger } from '../shared/logger.ts';
import { AppError } from '../shared/errors.ts';
import type { AgentDeps } from './agent-deps.ts';
import { coalesced } from './coalesce.ts';

export type RoutingMode = 'auto' | 'manual';

export interface Router {
  /** Drain the queue soon; requests while a drain runs fold into one more run. */
  kick(): void;
  /** Waits for the drains in flight (shutdown, tests). */
  settled(): Promise<void>;
}

/** At most this many assignments per drain, so one run never holds the node for long; another run follows. */
const MAX_PER_DRAIN = 500;

/**
 * Capacity-aware routing: the queue drains oldest first, each conversation to the online agent with the most
 * free slots (ties: idle longest), skipping away, offline and full agents. Every node may drain at once:
 * slots are reserved by a conditional write on the agent and the conversation changes hands by a
 * compare-and-set, so a conversation is assigned once and no agent is overfilled. In manual mode agents pick
 * from the queue themselves.
 */
export function createRouter(deps: AgentDeps, mode: RoutingMode, logger: Logger): Router {
  const drain = coalesced(
    async () => {
      if (mode === 'manual') return;
      let assigned = 0;
      while (assigned < MAX_PER_DRAIN) {
        const agents = await deps.repositories.users.listRoutable();
        if (agents.length === 0) return;
        const free = agents.reduce((sum, agent) => sum + (agent.capacity - agent.activeCount), 0);
        const waiting = await deps.repositories.conversations.listWaiting(Math.min(free, MAX_PER_DRAIN));
        if (waiting.length === 0) return;
        // Free slots as this node knows them; the database has the last word at each reservation.
        const slots = new Map(agents.map((agent) => [agent.id, agent.capacity - agent.activeCount]));
        const order = agents.map((agent) => agent.id);
        let progressed = false;
        for (const conversation of waiting) {
          const agentId = pickAgent(order, slots);
          if (agentId === null) break;
          try {
            await assignAgent(deps, conversation.id, agentId, 'routing');
            slots.set(agentId, slots.get(agentId)! - 1);
            // The agent who just got one is now the least idle among equals.
            order.push(...order.splice(order.indexOf(agentId), 1));
            assigned += 1;
            progressed = true;
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            // Taken by someone else (another node, a manual take-over), or the agent filled up or left.
            if (error.code !== 'CONVERSATION_TAKEN' && error.code !== 'ILLEGAL_TRANSITION') {
              slots.set(agentId, 0);
            }
          }
        }
        if (!progressed) return;
      }
      drain.request();
    },
    (error) => logger.error({ err: error }, 'routing failed'),
  );
  return { kick: () => drain.request(), settled: () => drain.settled() };
}

/** Most free slots first; `order` (idle longest first) breaks ties. */
function pickAgent(order: readonly string[], slots: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  for (const id of order) {
    const free = slots.get(id) ?? 0;
    if (free > 0 && (best === null || free > slots.get(best)!)) best = id;
  }
  return best;
}
