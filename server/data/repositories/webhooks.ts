import type { Types } from 'mongoose';
import { toObjectId } from '../ids.ts';
import type { Models } from '../models/index.ts';
import type {
  DeliveryStatus,
  WebhookDeliveryDoc,
  WebhookEndpointDoc,
  WebhookEventDoc,
  WebhookEventType,
} from '../models/webhook.ts';
import type { Page, PageRequest } from '../records.ts';
import { isDuplicateKeyError, validationAsAppError } from '../write-errors.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookEventRecord {
  id: string;
  type: WebhookEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface WebhookDeliveryRecord {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  endpointId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
}

const toEndpoint = (doc: WebhookEndpointDoc): WebhookEndpointRecord => ({
  id: doc._id.toHexString(),
  url: doc.url,
  events: [...doc.events],
  description: doc.description ?? null,
  active: doc.active,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

const toEvent = (doc: WebhookEventDoc): WebhookEventRecord => ({
  id: doc._id,
  type: doc.type,
  occurredAt: doc.occurredAt,
  data: doc.data ?? {},
});

const toDelivery = (doc: WebhookDeliveryDoc): WebhookDeliveryRecord => ({
  id: doc._id.toHexString(),
  eventId: doc.eventId,
  eventType: doc.eventType,
  endpointId: doc.endpoint.toHexString(),
  status: doc.status,
  attempts: doc.attempts,
  nextAttemptAt: doc.nextAttemptAt,
  lastStatusCode: doc.lastStatusCode ?? null,
  lastError: doc.lastError ?? null,
  lastAttemptAt: doc.lastAttemptAt ?? null,
  deliveredAt: doc.deliveredAt ?? null,
  expiresAt: doc.expiresAt,
  createdAt: doc.createdAt,
});

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;

export function createWebhookRepository({ WebhookEndpoint, WebhookEvent, WebhookDelivery }: Models) {
  return {
    async createEndpoint(input: {
      url: string;
      secret: string;
      events: WebhookEventType[];
      description?: string | null;
    }): Promise<WebhookEndpointRecord> {
      try {
        const doc = await WebhookEndpoint.create({ ...input, description: input.description ?? null });
        return toEndpoint(doc.toObject());
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    async listEndpoints(): Promise<WebhookEndpointRecord[]> {
      const docs = await WebhookEndpoint.find({}).sort({ createdAt: 1 }).lean<WebhookEndpointDoc[]>();
      return docs.map(toEndpoint);
    },

    async findEndpoint(id: string): Promise<WebhookEndpointRecord | null> {
      const doc = await WebhookEndpoint.findOne({
        _id: toObjectId(id, 'webhook id'),
      }).lean<WebhookEndpointDoc>();
      return doc === null ? null : toEndpoint(doc);
    },

    /** The signing secret: read only by the delivery worker. */
    async endpointSecret(id: string): Promise<string | null> {
      const doc = await WebhookEndpoint.findOne({ _id: toObjectId(id, 'webhook id') }, { secret: 1 }).lean<
        Pick<WebhookEndpointDoc, 'secret'>
      >();
      return doc?.secret ?? null;
    },

    async updateEndpoint(
      id: string,
      changes: Partial<{
        url: string;
        events: WebhookEventType[];
        description: string | null;
        active: boolean;
        secret: string;
      }>,
    ): Promise<WebhookEndpointRecord | null> {
      try {
        const doc = await WebhookEndpoint.findOneAndUpdate(
          { _id: toObjectId(id, 'webhook id') },
          { $set: changes },
          { returnDocument: 'after', runValidators: true },
        ).lean<WebhookEndpointDoc>();
        return doc === null ? null : toEndpoint(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    /** Removes the endpoint and its pending deliveries; delivered and failed records stay for the log. */
    async deleteEndpoint(id: string): Promise<boolean> {
      const _id = toObjectId(id, 'webhook id');
      const { deletedCount } = await WebhookEndpoint.deleteOne({ _id });
      await WebhookDelivery.deleteMany({ endpoint: _id, status: 'pending' });
      return deletedCount > 0;
    },

    /** Writes an event to the outbox; false when an event with this id is already there (nothing changes). */
    async recordEvent(event: {
      id: string;
      type: WebhookEventType;
      occurredAt: Date;
      data: Record<string, unknown>;
    }) {
      try {
        await WebhookEvent.create({
          _id: event.id,
          type: event.type,
          occurredAt: event.occurredAt,
          data: event.data,
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },

    async findEvent(id: string): Promise<WebhookEventRecord | null> {
      const doc = await WebhookEvent.findOne({ _id: id }).lean<WebhookEventDoc>();
      return doc === null ? null : toEvent(doc);
    },

    /** Outbox events that still need their deliveries created, oldest first. */
    async eventsToFanOut(limit: number): Promise<WebhookEventRecord[]> {
      const docs = await WebhookEvent.find({ fannedOut: false })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<WebhookEventDoc[]>();
      return docs.map(toEvent);
    },

    /**
     * One pending delivery per subscribed endpoint, then the event is marked fanned out. Safe to repeat after a
     * crash midway: the unique (event, endpoint) index keeps a delivery from being created twice.
     */
    async fanOut(
      event: WebhookEventRecord,
      endpointIds: readonly string[],
      now: Date,
      retryForMs: number,
    ): Promise<void> {
      const base = {
        eventId: event.id,
        eventType: event.type,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        expiresAt: new Date(event.occurredAt.getTime() + retryForMs),
      };
      if (endpointIds.length > 0) {
        try {
          await WebhookDelivery.insertMany(
            endpointIds.map((id) => ({ ...base, endpoint: toObjectId(id, 'webhook id') })),
            { ordered: false },
          );
        } catch (error) {
          const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] })
            .writeErrors;
          const allDuplicates =
            writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000) ?? isDuplicateKeyError(error);
          if (!allDuplicates) throw error;
        }
      }
      await WebhookEvent.updateOne({ _id: event.id }, { $set: { fannedOut: true } });
    },

    /**
     * Takes one due delivery for `lockMs` (no other worker, on any node, gets it meanwhile). A worker that dies
     * holding it loses it when the lock passes, so the delivery is retried, never lost.
     */
    async claimDue(now: Date, lockMs: number): Promise<WebhookDeliveryRecord | null> {
      const doc = await WebhookDelivery.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now }, lockedUntil: { $lte: now } },
        { $set: { lockedUntil: new Date(now.getTime() + lockMs) } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      ).lean<WebhookDeliveryDoc>();
      return doc === null ? null : toDelivery(doc);
    },

    async markDelivered(id: string, statusCode: number, now: Date): Promise<void> {
      await WebhookDelivery.updateOne(
        { _id: toObjectId(id, 'delivery id') },
        {
          $set: {
            status: 'delivered',
            lastStatusCode: statusCode,
            lastError: null,
            lastAttemptAt: now,
            deliveredAt: now,
            lockedUntil: new Date(0),
          },
          $inc: { attempts: 1 },
        },
      );
    },

    /** A failed attempt: retried at `nextAttemptAt`, or given up (`failed`) when that is past `expiresAt`. */
    async markAttemptFailed(
      id: string,
      failure: { statusCode: number | null; error: string; nextAttemptAt: Date; giveUp: boolean },
      now: Date,
    ): Promise<void> {
      await WebhookDelivery.updateOne(
        { _id: toObjectId(id, 'delivery id') },
        {
          $set: {
            status: failure.giveUp ? 'failed' : 'pending',
            lastStatusCode: failure.statusCode,
            lastError: failure.error.slice(0, 500),
            lastAttemptAt: now,
            nextAttemptAt: failure.nextAttemptAt,
            lockedUntil: new Date(0),
          },
          $inc: { attempts: 1 },
        },
      );
    },

    async findDelivery(id: string): Promise<WebhookDeliveryRecord | null> {
      const doc = await WebhookDelivery.findOne({
        _id: toObjectId(id, 'delivery id'),
      }).lean<WebhookDeliveryDoc>();
      return doc === null ? null : toDelivery(doc);
    },

    async listDeliveries(
      filter: { endpointId?: string; status?: DeliveryStatus; eventId?: string },
      page: PageRequest = DEFAULT_PAGE,
    ): Promise<Page<WebhookDeliveryRecord>> {
      const query: { endpoint?: Types.ObjectId; status?: DeliveryStatus; eventId?: string } = {};
      if (filter.endpointId !== undefined) query.endpoint = toObjectId(filter.endpointId, 'webhook id');
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.eventId !== undefined) query.eventId = filter.eventId;
      const [docs, total] = await Promise.all([
        WebhookDelivery.find(query)
          .sort({ createdAt: -1, _id: -1 })
          .skip(skipOf(page))
          .limit(page.limit)
          .lean<WebhookDeliveryDoc[]>(),
        WebhookDelivery.countDocuments(query),
      ]);
      return { items: docs.map(toDelivery), page: page.page, limit: page.limit, total };
    },

    /** "Redeliver": the delivery is due now again, with a fresh retry window, whatever its status was. */
    async redeliver(id: string, now: Date, retryForMs: number): Promise<WebhookDeliveryRecord | null> {
      const doc = await WebhookDelivery.findOneAndUpdate(
        { _id: toObjectId(id, 'delivery id') },
        {
          $set: {
            status: 'pending',
            nextAttemptAt: now,
            lockedUntil: new Date(0),
            expiresAt: new Date(now.getTime() + retryForMs),
          },
        },
        { returnDocument: 'after' },
      ).lean<WebhookDeliveryDoc>();
      return doc === null ? null : toDelivery(doc);
    },

    /** Subscribed, active endpoints for an event type. */
    async endpointsFor(type: WebhookEventType): Promise<string[]> {
      const docs = await WebhookEndpoint.find({ active: true, events: type }, { _id: 1 }).lean<
        { _id: Types.ObjectId }[]
      >();
      return docs.map((doc) => doc._id.toHexString());
    },
  };
}
