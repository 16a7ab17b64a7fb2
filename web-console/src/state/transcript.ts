import type { AgentMessage, PrivateNote } from '../../../server/contracts/agent-events.ts';

export type Entry = AgentMessage | PrivateNote;

/** Where an entry sorts: a message at its `seq`, a note just after the message it follows. */
function position(entry: Entry): number {
  return entry.kind === 'note' ? entry.afterSeq + 0.5 : entry.seq;
}

/**
 * Adds entries to a transcript: one copy per id (a reply arrives both as its ack and as `message:created`),
 * ordered by `seq` (notes after the message they follow, in the order they were written).
 */
export function mergeEntries(existing: readonly Entry[], incoming: readonly Entry[]): Entry[] {
  const byId = new Map<string, Entry>();
  for (const entry of existing) byId.set(key(entry), entry);
  for (const entry of incoming) byId.set(key(entry), entry);
  return [...byId.values()].sort(
    (a, b) => position(a) - position(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}

const key = (entry: Entry) => `${entry.kind}:${entry.id}`;

/** The highest message `seq` in a transcript (what `conversation:read` reports). */
export function lastSeq(entries: readonly Entry[]): number {
  let max = 0;
  for (const entry of entries) if (entry.kind === 'message' && entry.seq > max) max = entry.seq;
  return max;
}
