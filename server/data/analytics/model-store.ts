import { ObjectId, type AnyBulkWriteOperation } from 'mongodb';
import type { CustomerHistory } from '../../analytics/models/customer-value.ts';
import type { Models } from '../models/index.ts';
import { ANALYTICS_COLLECTIONS, analyticsCollection } from './collections.ts';

export interface CustomerScore {
  contactId: string;
  /** Predicted spend over the next 12 months; null when the contact has no order yet. */
  predictedValue: number | null;
  segment: { id: number; label: string } | null;
  scoredAt: Date;
}

interface ScoreDoc {
  _id: ObjectId;
  predictedValue: number | null;
  segment: { id: number; label: string } | null;
  scoredAt: Date;
}

interface ModelDoc {
  _id: string;
  trainedAt: Date;
  output: unknown;
}

export type ModelStore = ReturnType<typeof createModelStore>;

/** Inputs of the customer models and their stored outputs. */
export function createModelStore(models: Models) {
  const { Order, Product, Ticket, Conversation } = models;
  const scores = analyticsCollection<ScoreDoc>(models, ANALYTICS_COLLECTIONS.customerScores);
  const runs = analyticsCollection<ModelDoc>(models, ANALYTICS_COLLECTIONS.models);
  return {
    /** Every customer's orders (cancelled ones left out), tickets and ratings. */
    async customerHistories(): Promise<CustomerHistory[]> {
      const categoryOf = new Map<string, string>();
      for (const p of await Product.collection.find({}, { projection: { category: 1 } }).toArray()) {
        categoryOf.set(p._id.toHexString(), String(p.category));
      }
      const byContact = new Map<string, CustomerHistory>();
      const get = (id: string) => {
        let h = byContact.get(id);
        if (h === undefined) {
          h = { contactId: id, orders: [], tickets: [], ratings: [] };
          byContact.set(id, h);
        }
        return h;
      };
      const orders = Order.collection.find(
        { status: { $ne: 'cancelled' } },
        { projection: { contact: 1, placedAt: 1, total: 1, 'items.product': 1 } },
      );
      for await (const o of orders) {
        get(o.contact.toHexString()).orders.push({
          placedAt: o.placedAt,
          total: o.total,
          categories: (o.items as { product: ObjectId }[]).map(
            (i) => categoryOf.get(i.product.toHexString()) ?? 'other',
          ),
        });
      }
      for await (const t of Ticket.collection.find({}, { projection: { contact: 1, createdAt: 1 } })) {
        const h = byContact.get(t.contact.toHexString());
        h?.tickets.push(t.createdAt);
      }
      const rated = Conversation.collection.find(
        { csat: { $ne: null } },
        { projection: { contact: 1, csat: 1 } },
      );
      for await (const c of rated) {
        const h = byContact.get(c.contact.toHexString());
        if (typeof c.csat?.score === 'number') h?.ratings.push({ at: c.csat.at, score: c.csat.score });
      }
      return [...byContact.values()];
    },

    async saveRun(name: string, trainedAt: Date, output: unknown): Promise<void> {
      await runs.replaceOne({ _id: name }, { trainedAt, output }, { upsert: true });
    },

    async loadRun(name: string): Promise<{ trainedAt: Date; output: unknown } | null> {
      const doc = await runs.findOne({ _id: name });
      return doc === null ? null : { trainedAt: doc.trainedAt, output: doc.output };
    },

    /** Replaces every stored score: contacts no longer scored lose theirs. */
    async replaceScores(all: readonly CustomerScore[], at: Date): Promise<void> {
      const operations: AnyBulkWriteOperation<ScoreDoc>[] = all.map((s) => ({
        replaceOne: {
          filter: { _id: new ObjectId(s.contactId) },
          replacement: { predictedValue: s.predictedValue, segment: s.segment, scoredAt: s.scoredAt },
          upsert: true,
        },
      }));
      for (let i = 0; i < operations.length; i += 1000) {
        await scores.bulkWrite(operations.slice(i, i + 1000), { ordered: false });
      }
      await scores.deleteMany({ scoredAt: { $lt: at } });
    },
  };
}

/** One indexed read by _id: what the contact view and the escalation policy afford on their paths. */
export async function readCustomerScore(models: Models, contactId: string): Promise<CustomerScore | null> {
  if (!ObjectId.isValid(contactId)) return null;
  const doc = await analyticsCollection<ScoreDoc>(models, ANALYTICS_COLLECTIONS.customerScores).findOne({
    _id: new ObjectId(contactId),
  });
  return doc === null
    ? null
    : { contactId, predictedValue: doc.predictedValue, segment: doc.segment, scoredAt: doc.scoredAt };
}
