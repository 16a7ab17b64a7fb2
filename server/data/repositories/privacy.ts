import type { Types } from 'mongoose';
import { AppError } from '../../shared/errors.ts';
import { ANALYTICS_COLLECTIONS, analyticsCollection } from '../analytics/collections.ts';
import { toObjectId } from '../ids.ts';
import type { ContactDoc } from '../models/contact.ts';
import type { Models } from '../models/index.ts';
import type { TicketHistoryEntry } from '../models/ticket.ts';

/** What replaces a removed text where the schema needs a string (message and note texts, ticket subjects). */
export const ERASED_TEXT = '[erased]';
/** What replaces a message or note text removed by the retention policy. */
export const EXPIRED_TEXT = '[removed after the retention period]';

/** Everything Concierge holds about one contact (docs/privacy.md): the body of the export file. */
export interface ContactDataExport {
  format: 'concierge-contact-export/1';
  exportedAt: string;
  contactId: string;
  /** The contact, then the contacts merged into it (their data moved to it, their shells stayed). */
  contacts: unknown[];
  conversations: unknown[];
  messages: unknown[];
  agentNotes: unknown[];
  tickets: unknown[];
  orders: unknown[];
  auditEvents: unknown[];
  webhookEvents: unknown[];
  webhookDeliveries: unknown[];
  idempotencyRecords: unknown[];
  orderChecks: unknown[];
  analytics: { conversationFacts: unknown[]; customerScores: unknown[] };
}

/** How many records an erasure changed or removed, per kind: the audit event's data (no personal values). */
export type ErasureCounts = Record<string, number>;

type WithId = { _id: Types.ObjectId };

/** Ticket fields whose old and new values, kept in the history, are free text. */
const TICKET_TEXT_FIELDS = new Set(['subject', 'description']);

/**
 * The records of one contact across every collection, found by the ids that link them: the contact and the
 * contacts merged into it, their conversations (and so messages, notes, facts), tickets, orders, and the
 * visitor ids their widgets used. A conversation or ticket is the contact's when it points at the contact.
 */
async function gather(models: Models, contactId: string) {
  const { Contact, Conversation, Ticket, Order } = models;
  const id = toObjectId(contactId, 'contact id');
  const main = await Contact.findById(id).lean<ContactDoc>();
  if (main === null) throw new AppError('NOT_FOUND', 'No such contact.');
  if (main.mergedInto !== null) {
    throw new AppError('CONFLICT', 'This contact was merged into another: export or erase that one.', {
      details: { mergedInto: main.mergedInto.toHexString() },
    });
  }
  const absorbed = await Contact.find({ mergedInto: id }).lean<ContactDoc[]>();
  const contacts = [main, ...absorbed];
  const contactIds = contacts.map((c) => c._id);
  const [conversations, tickets, orders] = await Promise.all([
    Conversation.find({ contact: { $in: contactIds } }).lean<(WithId & { visitorId: string | null })[]>(),
    Ticket.find({ contact: { $in: contactIds } }).lean<WithId[]>(),
    Order.find({ contact: { $in: contactIds } }).lean<WithId[]>(),
  ]);
  const visitorIds = [
    ...new Set([
      ...contacts.flatMap((c) => c.visitorIds),
      ...conversations.flatMap((c) => (c.visitorId === null ? [] : [c.visitorId])),
    ]),
  ];
  const hex = (docs: WithId[]) => docs.map((doc) => doc._id.toHexString());
  return {
    contacts,
    contactIds,
    contactHex: hex(contacts),
    conversations,
    conversationIds: conversations.map((c) => c._id),
    conversationHex: hex(conversations),
    tickets,
    ticketHex: hex(tickets),
    orders,
    orderHex: hex(orders),
    visitorIds,
  };
}

type Gathered = Awaited<ReturnType<typeof gather>>;

/** Audit events about the contact, its records or its visitors (as target or actor), and merges into it. */
function auditFilter(g: Gathered) {
  const ids = [...g.contactHex, ...g.conversationHex, ...g.ticketHex, ...g.orderHex];
  return {
    $or: [
      { 'target.id': { $in: ids } },
      { 'data.mergedId': { $in: g.contactHex } },
      { 'actor.type': 'visitor', 'actor.id': { $in: g.visitorIds } },
    ],
  };
}

/** Outbox events whose data names one of the contact's records (payloads carry ids only). */
function webhookEventFilter(g: Gathered) {
  return {
    $or: [
      { 'data.contactId': { $in: g.contactHex } },
      { 'data.survivorId': { $in: g.contactHex } },
      { 'data.mergedId': { $in: g.contactHex } },
      { 'data.conversationId': { $in: g.conversationHex } },
      { 'data.ticketId': { $in: g.ticketHex } },
    ],
  };
}

/** Stored answers of idempotent creates that returned one of the contact's records. */
function idempotencyFilter(g: Gathered) {
  return {
    $or: [
      { 'response.id': { $in: [...g.contactHex, ...g.ticketHex, ...g.orderHex] } },
      { 'response.contactId': { $in: g.contactHex } },
    ],
  };
}

/**
 * The personal values of the contacts (verified and claimed details, shop user id, visitor ids, name), for
 * redacting records that copy them (the audit event of a merge lists the merged contact's details).
 */
interface PersonalValues {
  exact: Set<string>;
  contained: string[];
}

function personalValues(contacts: readonly ContactDoc[]): PersonalValues {
  const exact = new Set<string>();
  const contained: string[] = [];
  for (const contact of contacts) {
    for (const value of [...contact.emails, ...contact.phones, ...contact.claims.map((c) => c.value)]) {
      contained.push(value.toLowerCase());
    }
    for (const value of [contact.name, contact.shopUserId, ...contact.visitorIds]) {
      if (value) exact.add(value.toLowerCase());
    }
  }
  return { exact, contained: contained.filter((value) => value.length >= 5) };
}

/** A copy of `value` with every string that is or contains a personal value replaced. */
export function redactValues(value: unknown, personal: PersonalValues): unknown {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return personal.exact.has(lower) || personal.contained.some((p) => lower.includes(p))
      ? ERASED_TEXT
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactValues(item, personal));
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValues(v, personal)]),
    );
  }
  return value;
}

/**
 * Removes, from a stored model run, every per-contact entry (predictions, segment assignments, inputs) of the
 * erased contacts; what is left is aggregate (coefficients, centroids, counts).
 */
function withoutContacts(value: unknown, contactHex: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => {
        const owner = (item as { contactId?: unknown } | null)?.contactId;
        return !(typeof owner === 'string' && contactHex.has(owner));
      })
      .map((item) => withoutContacts(item, contactHex));
  }
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withoutContacts(v, contactHex)]),
    );
  }
  return value;
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;

/**
 * Privacy requests: the export of everything held about a contact, and its erasure. Lives with the data
 * access because it must know every collection that can hold a contact's data (docs/privacy.md lists them;
 * test/crm/privacy.test.ts scans every collection after an erasure, so a new one cannot be forgotten).
 */
export function createPrivacyRepository(models: Models) {
  const { Message, AgentNote, AuditEvent, WebhookEvent, WebhookDelivery, IdempotencyKey, OrderCheck } =
    models;
  const facts = () => analyticsCollection(models, ANALYTICS_COLLECTIONS.facts);
  const scores = () => analyticsCollection(models, ANALYTICS_COLLECTIONS.customerScores);
  const runs = () => analyticsCollection(models, ANALYTICS_COLLECTIONS.models);

  return {
    /**
     * Retention: removes the texts (and NLP data) of the messages and notes of up to `limit` conversations
     * resolved before `cutoff` and not yet expired, then marks them. Returns how many conversations it
     * expired, so the caller loops until 0 in small batches.
     */
    async expireResolvedTexts(cutoff: Date, limit: number, now = new Date()): Promise<number> {
      const { Conversation } = models;
      const due = await Conversation.find(
        { status: 'resolved', resolvedAt: { $lt: cutoff }, textsExpiredAt: null },
        { _id: 1 },
      )
        .limit(limit)
        .lean<WithId[]>();
      if (due.length === 0) return 0;
      const ids = due.map((c) => c._id);
      await Message.collection.updateMany(
        { conversation: { $in: ids } },
        { $set: { text: EXPIRED_TEXT, nlp: null, suggestions: null } },
      );
      await AgentNote.collection.updateMany({ conversation: { $in: ids } }, { $set: { text: EXPIRED_TEXT } });
      // Only conversations still resolved: one reopened meanwhile keeps its texts until resolved again.
      await Conversation.updateMany(
        { _id: { $in: ids }, status: 'resolved', csat: { $ne: null } },
        { $set: { 'csat.comment': null } },
      );
      await Conversation.updateMany(
        { _id: { $in: ids }, status: 'resolved' },
        { $set: { textsExpiredAt: now } },
      );
      return due.length;
    },

    async exportContact(contactId: string, now = new Date()): Promise<ContactDataExport> {
      const g = await gather(models, contactId);
      const webhookEvents = await WebhookEvent.find(webhookEventFilter(g)).lean();
      const [messages, agentNotes, auditEvents, deliveries, idempotencyRecords, orderChecks, f, s] =
        await Promise.all([
          Message.find({ conversation: { $in: g.conversationIds } })
            .sort({ conversation: 1, seq: 1 })
            .lean(),
          AgentNote.find({ conversation: { $in: g.conversationIds } }).lean(),
          AuditEvent.find(auditFilter(g)).sort({ at: 1 }).lean(),
          WebhookDelivery.find({ eventId: { $in: webhookEvents.map((e) => e._id) } }).lean(),
          IdempotencyKey.find(idempotencyFilter(g)).lean(),
          OrderCheck.find({ visitorId: { $in: g.visitorIds } }).lean(),
          facts()
            .find({ _id: { $in: g.conversationIds } })
            .toArray(),
          scores()
            .find({ _id: { $in: g.contactIds } })
            .toArray(),
        ]);
      return {
        format: 'concierge-contact-export/1',
        exportedAt: now.toISOString(),
        contactId: g.contactHex[0]!,
        contacts: g.contacts,
        conversations: g.conversations,
        messages,
        agentNotes,
        tickets: g.tickets,
        orders: g.orders,
        auditEvents,
        webhookEvents,
        // The delivery log names endpoints and outcomes; the secret and payload are not part of it.
        webhookDeliveries: deliveries,
        idempotencyRecords,
        orderChecks,
        analytics: { conversationFacts: f, customerScores: s },
      };
    },

    /**
     * Erases a contact: personal fields emptied, texts of its messages, notes and tickets replaced, NLP data
     * on its messages removed, copies of its details redacted from the audit log, stored API answers and
     * order checks deleted, per-contact analytics removed (aggregates stay). The records themselves stay as
     * anonymous shells so counts, orders and reports still add up. Idempotent: a second erasure finds
     * nothing left to change.
     */
    async eraseContact(
      contactId: string,
      request: { actorId: string; reason?: string | undefined },
      now = new Date(),
    ): Promise<ErasureCounts> {
      const g = await gather(models, contactId);
      const personal = personalValues(g.contacts);
      const { Contact, Conversation, Ticket, Order } = models;
      const contacts = await Contact.updateMany(
        { _id: { $in: g.contactIds } },
        {
          $set: {
            name: null,
            emails: [],
            phones: [],
            visitorIds: [],
            shopUserId: null,
            claims: [],
            attributes: {},
            lastSeenAt: null,
            erasedAt: now,
          },
        },
      );
      const conversations = await Conversation.updateMany(
        { _id: { $in: g.conversationIds } },
        { $set: { visitorId: null, pendingSlot: null, topic: null } },
      );
      await Conversation.updateMany(
        { _id: { $in: g.conversationIds }, csat: { $ne: null } },
        { $set: { 'csat.comment': null } },
      );
      // Through the driver: the schema requires a text, and the placeholder is the removed text.
      const messages = await Message.collection.updateMany(
        { conversation: { $in: g.conversationIds } },
        {
          $set: { text: ERASED_TEXT, nlp: null, suggestions: null },
          $unset: { clientMessageId: '' },
        },
      );
      // A visitor message's sender id is the widget's visitor id; agents' ids stay for the reports.
      await Message.collection.updateMany(
        { conversation: { $in: g.conversationIds }, sender: 'visitor' },
        { $set: { senderId: null } },
      );
      const notes = await AgentNote.collection.updateMany(
        { conversation: { $in: g.conversationIds } },
        { $set: { text: ERASED_TEXT } },
      );
      // A ticket's history keeps who changed what and when; notes and the old and new texts go.
      let tickets = 0;
      for (const ticket of g.tickets as (WithId & { history: TicketHistoryEntry[] })[]) {
        const history = ticket.history.map((entry) => ({
          ...entry,
          actor: entry.actor.startsWith('visitor:') ? 'visitor' : entry.actor,
          note: entry.note === null ? null : ERASED_TEXT,
          ...(TICKET_TEXT_FIELDS.has(entry.field ?? '') ? { from: null, to: null } : {}),
        }));
        await Ticket.collection.updateOne(
          { _id: ticket._id },
          { $set: { subject: ERASED_TEXT, description: null, history } },
        );
        tickets += 1;
      }
      // Orders are the shop's accounting records: they keep their lines and totals, only the parcel's
      // tracking number (which finds an address at the carrier) goes.
      const orders = await Order.collection.updateMany(
        { _id: { $in: g.orders.map((o) => o._id) } },
        { $set: { trackingNumber: null } },
      );

      let audit = 0;
      for (const event of await AuditEvent.find(auditFilter(g)).lean<
        (WithId & { data: unknown; actor: { type: string; id: string | null } })[]
      >()) {
        const visitorActor = event.actor.type === 'visitor' && g.visitorIds.includes(event.actor.id ?? '');
        await AuditEvent.collection.updateOne(
          { _id: event._id },
          {
            $set: {
              data: redactValues(event.data, personal),
              ...(visitorActor ? { 'actor.id': null } : {}),
            },
          },
        );
        audit += 1;
      }
      const idempotency = await IdempotencyKey.deleteMany(idempotencyFilter(g));
      const orderChecks = await OrderCheck.deleteMany({ visitorId: { $in: g.visitorIds } });
      const factCount = await facts().updateMany(
        { _id: { $in: g.conversationIds } },
        { $set: { contactId: null } },
      );
      const scoreCount = await scores().deleteMany({ _id: { $in: g.contactIds } });
      const contactHex = new Set(g.contactHex);
      let modelRuns = 0;
      for (const run of await runs().find({}).toArray()) {
        const cleaned = withoutContacts(run, contactHex) as typeof run;
        if (JSON.stringify(cleaned) === JSON.stringify(run)) continue;
        await runs().replaceOne({ _id: run._id }, cleaned);
        modelRuns += 1;
      }
      const erased: ErasureCounts = {
        contacts: contacts.modifiedCount,
        conversations: conversations.modifiedCount,
        messages: messages.modifiedCount,
        agentNotes: notes.modifiedCount,
        tickets,
        orders: orders.modifiedCount,
        auditEvents: audit,
        idempotencyRecords: idempotency.deletedCount,
        orderChecks: orderChecks.deletedCount,
        conversationFacts: factCount.modifiedCount,
        customerScores: scoreCount.deletedCount,
        modelRuns,
      };
      // Written after the erasure, so the redaction above never touches it; the reason is redacted too, in
      // case it quotes the contact's details.
      await AuditEvent.create({
        actor: { type: 'user', id: request.actorId },
        action: 'privacy.erased',
        target: { type: 'contact', id: g.contactHex[0]! },
        data: {
          erased,
          reason: request.reason === undefined ? null : redactValues(request.reason, personal),
        },
        at: now,
      });
      return erased;
    },
  };
}
