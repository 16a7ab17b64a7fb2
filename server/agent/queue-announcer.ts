import type { QueueSnapshot } from '../contracts/agent-events.ts';
import type { Logger } from '../shared/logger.ts';
import type { AgentDeps } from './agent-deps.ts';
import { coalesced } from './coalesce.ts';
import { listItems } from './views.ts';

/** The queue as the visitors see it: one entry per waiting conversation, in queue order. */
export interface QueuePositionEntry {
  conversationId: string;
  queuePosition: number;
  expectedWaitSeconds?: number;
  reason?: string;
}

/** Visitors told their place (the whole waiting list, so nobody's update is lost to a limit). */
const POSITIONS_LIMIT = 1000;
/** Rows in the agents' snapshot; `total` says how many wait in all. */
const SNAPSHOT_LIMIT = 100;
/**
 * At most one snapshot per this interval while changes keep coming. Agents see each changed row at once
 * (`inbox:changed`); the snapshot only refreshes places and totals, which may lag this much.
 */
const SNAPSHOT_GAP_MS = 1000;

/**
 * After any change to the queue: ONE query for the waiting list in queue order, ONE broadcast of the snapshot
 * to the agents' queue room, and the visitors' new places handed to `deliverPositions` (one message between
 * nodes, each node telling its own visitors). Coalesced and spaced: a burst of escalations costs a couple of
 * runs, a steady stream one run per SNAPSHOT_GAP_MS.
 */
export function createQueueAnnouncer(options: {
  deps: AgentDeps;
  autoAssign: boolean;
  emitSnapshot: (snapshot: QueueSnapshot) => void;
  deliverPositions: (entries: QueuePositionEntry[]) => void;
  logger: Logger;
}) {
  const { deps } = options;

  async function snapshot(): Promise<{ snapshot: QueueSnapshot; entries: QueuePositionEntry[] }> {
    const [places, rows, total] = await Promise.all([
      deps.repositories.conversations.listWaitingPlaces(POSITIONS_LIMIT),
      deps.repositories.conversations.listWaiting(SNAPSHOT_LIMIT),
      deps.repositories.conversations.countWaiting(),
    ]);
    const positions = new Map(places.map((c, index) => [c.id, index + 1]));
    const perPlace = deps.expectedWait ? await deps.expectedWait(1) : null;
    const entries = places.map((c, index) => ({
      conversationId: c.id,
      queuePosition: index + 1,
      ...(perPlace !== null ? { expectedWaitSeconds: perPlace * (index + 1) } : {}),
      ...(c.escalationReason ? { reason: c.escalationReason } : {}),
    }));
    const items = await listItems(deps, rows, { queuePositions: positions });
    return {
      snapshot: {
        items,
        total,
        expectedWaitSeconds: perPlace === null ? null : perPlace * (total + 1),
        autoAssign: options.autoAssign,
      },
      entries,
    };
  }

  const announce = coalesced(
    async () => {
      const { snapshot: current, entries } = await snapshot();
      options.emitSnapshot(current);
      options.deliverPositions(entries);
    },
    (error) => options.logger.error({ err: error }, 'queue announcement failed'),
    { minGapMs: SNAPSHOT_GAP_MS },
  );

  return {
    request: () => announce.request(),
    settled: () => announce.settled(),
    /** The snapshot for one newly connected agent. */
    current: async () => (await snapshot()).snapshot,
  };
}
