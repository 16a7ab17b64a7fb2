import type { Collection, Db, Document } from 'mongodb';
import type { Models } from '../models/index.ts';

/**
 * The analytics side's own collections: derived data only (rebuildable from the chat's and the CRM's records),
 * written through the driver without mongoose documents, as the chat's message store does.
 */
export const ANALYTICS_COLLECTIONS = {
  /** One document per conversation: its figures (server/analytics/reports/conversation-fact.ts). */
  facts: 'analytics_conversation_facts',
  /** One document per UTC hour: the rollup every report adds up. */
  rollups: 'analytics_hourly_rollups',
  /** The latest run of each customer model: inputs summary, outputs, metrics. */
  models: 'analytics_models',
  /** Per contact: predicted 12-month value and segment, read by the contact view and by escalation. */
  customerScores: 'analytics_customer_scores',
} as const;

/** The native database behind the models' connection. */
export function nativeDb(models: Models): Db {
  const db = models.Conversation.db.db;
  if (db === undefined) throw new Error('the database connection is not open');
  return db;
}

export function analyticsCollection<T extends Document = Document>(
  models: Models,
  name: (typeof ANALYTICS_COLLECTIONS)[keyof typeof ANALYTICS_COLLECTIONS],
): Collection<T> {
  return nativeDb(models).collection<T>(name);
}

/**
 * Indexes of the analytics collections; idempotent, called when analytics starts. The drill-downs
 * (server/analytics/reports/drilldown.ts) always ask for counted facts in a start range, listed by start then
 * id: each chart's condition gets an index of equality fields first, then `startedAt` (and `_id`), so one
 * index range holds exactly its facts already in list order, and the count is that range's size.
 */
export async function ensureAnalyticsIndexes(models: Models): Promise<void> {
  const facts = analyticsCollection(models, ANALYTICS_COLLECTIONS.facts);
  await facts.createIndex({ hour: 1 });
  await facts.createIndex({ startedAt: 1 });
  await facts.createIndex({ agentId: 1, startedAt: 1 });
  await facts.createIndex({ counted: 1, escalationReason: 1, startedAt: 1, _id: 1 });
  await facts.createIndex({ counted: 1, 'intents.intent': 1, startedAt: 1, _id: 1 });
  await facts.createIndex({ counted: 1, rating: 1, startedAt: 1, _id: 1 });
  // Duration bins are ranges: the range leads, and the start is checked on the keys (by MongoDB) before a fetch.
  await facts.createIndex({ counted: 1, firstResponseSeconds: 1, startedAt: 1 });
  await facts.createIndex({ counted: 1, resolutionSeconds: 1, startedAt: 1 });
  await facts.createIndex({ counted: 1, handlingSeconds: 1, startedAt: 1 });
  await analyticsCollection(models, ANALYTICS_COLLECTIONS.rollups).createIndex({ hour: 1 });
}
