// The misunderstood inbox's REST shapes (docs/admin.md), shared with the console as types.

export type MisunderstoodSourceName = 'low_confidence' | 'out_of_scope' | 'fallback' | 'correction';

/** Similar misunderstood messages, with their count and a few distinct examples (already masked). */
export interface MisunderstoodGroupView {
  /** The id of the group's newest entry, which names it. */
  id: string;
  text: string;
  count: number;
  /** Up to ten distinct texts (case-insensitive), each with every entry that has it: "add this message". */
  examples: { text: string; entryIds: string[] }[];
  /** Every entry of the group: what "add the whole group" sends back. */
  entryIds: string[];
  /** How many entries came from each source. */
  sources: Partial<Record<MisunderstoodSourceName, number>>;
  /** The intent agents said it should have been (most common correction), if any. */
  suggestedIntent: string | null;
  /** What the model said most often. */
  predictedIntent: string | null;
  lastSeenAt: string;
  conversationIds: string[];
}

/** `GET /api/admin/misunderstood`. */
export interface MisunderstoodInboxView {
  /** Open entries in all. */
  total: number;
  /** How many of them (the newest) were grouped. */
  grouped: number;
  groups: MisunderstoodGroupView[];
}
