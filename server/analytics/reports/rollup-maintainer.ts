import type { ReportStore } from '../../data/analytics/report-store.ts';
import type { EventBus } from '../../events/event-bus.ts';
import {
  computeConversationFact,
  factSignature,
  type ConversationFact,
  type FactSettings,
} from './conversation-fact.ts';
import { buildHourRollup, isEmptyRollup } from './hour-rollup.ts';
import type { RawTicket } from './ticket-sla.ts';
import { floorToHour } from './time-zone.ts';

/** Bump when facts or rollups change shape: a start with an older marker rebuilds them from raw records. */
export const ROLLUP_VERSION = 1;
const MARKER = 'analytics-rollups';

export interface MarkerStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface RollupMaintainerOptions {
  store: ReportStore;
  meta: MarkerStore;
  settings: FactSettings;
  /** Changes are gathered this long before one recomputation handles them all. */
  flushDelayMs?: number;
  /** How often changed records are looked up in the database, catching what no event announced. */
  sweepIntervalMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface RebuildOutcome {
  conversations: number;
  hours: number;
  ms: number;
}

export interface RollupMaintainer {
  /** Subscribes to the chat's events (the bus runs listeners after the reply is written). */
  listen(events: EventBus): () => void;
  markConversation(conversationId: string): void;
  markTicket(ticketId: string): void;
  /** Rebuilds when the stored rollups are missing or of an older version, then starts the sweep. */
  start(): Promise<RebuildOutcome | null>;
  stop(): void;
  /** Recomputes every fact and rollup from the raw records. */
  rebuild(): Promise<RebuildOutcome>;
  /** Looks up records changed since the last sweep and recomputes them. */
  sweep(): Promise<void>;
  /** Resolves when everything marked so far is recomputed. */
  flush(): Promise<void>;
}

const BATCH = 250;
const SWEEP_OVERLAP_MS = 5_000;
const SWEEP_LIMIT = 5_000;

/**
 * Keeps the facts and hourly rollups in step with the raw records, off the reply path: listeners only mark
 * what changed; a timer recomputes the marked conversations from their raw records and rewrites each touched
 * hour's rollup from its facts (a replacement, not an increment, so a repeated or concurrent recomputation
 * cannot count anything twice). A periodic sweep of `updatedAt` catches changes no event announced (ratings,
 * merges, writes from another node) and heals races between nodes.
 */
export function createRollupMaintainer(options: RollupMaintainerOptions): RollupMaintainer {
  const { store, settings } = options;
  const now = options.now ?? (() => new Date());
  const flushDelayMs = options.flushDelayMs ?? 500;
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  const report = options.onError ?? (() => {});
  const dirty = new Set<string>();
  const dirtyHours = new Set<number>();
  const pendingTickets = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweptUntil: Date | null = null;
  // Every recomputation runs after the previous one: one writer per process.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => {});
    return run;
  };

  function schedule() {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      maintainer.flush().catch(report);
    }, flushDelayMs);
    timer.unref();
  }

  async function recomputeConversations(
    ids: readonly string[],
    hours: Set<number>,
    collect?: (fact: ConversationFact) => void,
    contiguous = false,
  ) {
    for (let start = 0; start < ids.length; start += BATCH) {
      const chunk = ids.slice(start, start + BATCH);
      const [raw, stored] = await Promise.all([
        store.loadRawConversations(chunk, { contiguous }),
        store.factSignatures(chunk),
      ]);
      const writes = [];
      const gone: string[] = [];
      for (const id of chunk) {
        const records = raw.get(id);
        const previous = stored.get(id);
        if (records === undefined) {
          if (previous !== undefined) {
            gone.push(id);
            hours.add(previous.hour.getTime());
          }
          continue;
        }
        const fact = computeConversationFact(records, settings);
        collect?.(fact);
        const signature = factSignature(fact);
        if (previous?.signature === signature) continue;
        writes.push({ fact, signature, isNew: previous === undefined });
        hours.add(fact.hour.getTime());
        if (previous !== undefined) hours.add(previous.hour.getTime());
      }
      await store.writeFacts(writes, now());
      await store.deleteFacts(gone);
    }
  }

  async function recomputeHours(hours: Iterable<number>) {
    for (const time of hours) {
      const hour = new Date(time);
      const [facts, tickets] = await Promise.all([store.factsInHour(hour), store.ticketsInHour(hour)]);
      const rollup = buildHourRollup(hour, facts, tickets);
      if (isEmptyRollup(rollup)) await store.deleteRollup(hour);
      else await store.writeRollup(rollup, now());
    }
  }

  async function flushOnce() {
    const ids = [...dirty];
    dirty.clear();
    const hours = new Set(dirtyHours);
    dirtyHours.clear();
    await recomputeConversations(ids, hours);
    await recomputeHours([...hours].sort((a, b) => a - b));
  }

  const maintainer: RollupMaintainer = {
    listen(events) {
      const conversation = (e: { conversationId: string }) => maintainer.markConversation(e.conversationId);
      const offs = [
        events.on('message.received', conversation),
        events.on('reply.sent', conversation),
        events.on('conversation.escalated', conversation),
        events.on('conversation.status_changed', conversation),
        events.on('ticket.created', (e) => {
          maintainer.markTicket(e.ticketId);
          if (e.conversationId !== undefined) maintainer.markConversation(e.conversationId);
        }),
        events.on('ticket.updated', (e) => maintainer.markTicket(e.ticketId)),
      ];
      return () => offs.forEach((off) => off());
    },

    markConversation(conversationId) {
      dirty.add(conversationId);
      schedule();
    },

    markTicket(ticketId) {
      const lookup = store
        .ticketHour(ticketId)
        .then((found) => {
          if (found === null) return;
          dirtyHours.add(found.hour.getTime());
          if (found.conversationId !== null) dirty.add(found.conversationId);
          schedule();
        })
        .catch(report)
        .finally(() => pendingTickets.delete(lookup));
      pendingTickets.add(lookup);
    },

    async start() {
      const marker = (await options.meta.get(MARKER)) as { version?: number } | undefined;
      let outcome: RebuildOutcome | null = null;
      if (marker?.version !== ROLLUP_VERSION) outcome = await maintainer.rebuild();
      sweptUntil ??= new Date(now().getTime() - SWEEP_OVERLAP_MS);
      if (sweepIntervalMs > 0 && sweepTimer === null) {
        sweepTimer = setInterval(() => maintainer.sweep().catch(report), sweepIntervalMs);
        sweepTimer.unref();
      }
      return outcome;
    },

    stop() {
      if (timer !== null) clearTimeout(timer);
      if (sweepTimer !== null) clearInterval(sweepTimer);
      timer = null;
      sweepTimer = null;
    },

    rebuild() {
      return serial(async () => {
        const started = Date.now();
        const startedAt = now();
        const seen = new Set<string>();
        // Facts are grouped by hour in memory as they are computed, so every rollup is built without reading
        // its facts back: one pass over the conversations, then bulk writes.
        const factsByHour = new Map<number, ConversationFact[]>();
        const collect = (fact: ConversationFact) => {
          const list = factsByHour.get(fact.hour.getTime()) ?? [];
          list.push(fact);
          factsByHour.set(fact.hour.getTime(), list);
        };
        for await (const ids of store.conversationIdBatches(BATCH * 4)) {
          ids.forEach((id) => seen.add(id));
          await recomputeConversations(ids, new Set(), collect, true);
        }
        // Facts of conversations deleted since (privacy erase) go too.
        let after: string | null = null;
        for (;;) {
          const ids = await store.factIdsAfter(after, 5000);
          if (ids.length === 0) break;
          await store.deleteFacts(ids.filter((id) => !seen.has(id)));
          after = ids.at(-1)!;
        }
        const ticketsByHour = new Map<number, RawTicket[]>();
        for (const ticket of await store.allTickets()) {
          const hour = floorToHour(ticket.createdAt).getTime();
          const list = ticketsByHour.get(hour) ?? [];
          list.push(ticket);
          ticketsByHour.set(hour, list);
        }
        const hours = new Set([...factsByHour.keys(), ...ticketsByHour.keys()]);
        const rollups = [];
        for (const time of [...hours].sort((a, b) => a - b)) {
          const rollup = buildHourRollup(new Date(time), factsByHour.get(time) ?? [], ticketsByHour.get(time) ?? []);
          if (isEmptyRollup(rollup)) hours.delete(time);
          else rollups.push(rollup);
        }
        const emptied = (await store.distinctRollupHours()).filter((hour) => !hours.has(hour.getTime()));
        await store.replaceRollups(rollups, emptied, now());
        sweptUntil = new Date(startedAt.getTime() - SWEEP_OVERLAP_MS);
        await options.meta.set(MARKER, { version: ROLLUP_VERSION, builtAt: startedAt });
        return { conversations: seen.size, hours: rollups.length, ms: Date.now() - started };
      });
    },

    sweep() {
      return serial(async () => {
        const startedAt = now();
        const since = new Date((sweptUntil ?? startedAt).getTime() - SWEEP_OVERLAP_MS);
        const changed = await store.conversationsChangedSince(since, SWEEP_LIMIT);
        changed.forEach(({ id }) => dirty.add(id));
        for (const hour of await store.ticketHoursChangedSince(since)) dirtyHours.add(hour.getTime());
        // A full page means more changed than one sweep takes: continue from the last one seen next time.
        sweptUntil = changed.length === SWEEP_LIMIT ? changed.at(-1)!.updatedAt : startedAt;
        await flushOnce();
      });
    },

    async flush() {
      await Promise.all([...pendingTickets]);
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      await serial(flushOnce);
    },
  };
  return maintainer;
}

