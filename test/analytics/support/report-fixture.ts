import { Types } from 'mongoose';
import type { Models } from '../../../server/data/models/index.ts';

/**
 * A small, hand-checkable history written as raw records (with the timestamps of the story, which the
 * repositories would set to "now"). The expected figures in the report specs are computed by hand from it.
 *
 *   C1 Mon 2026-11-02 09:10  order_status 0.9, bot answers                      → contained
 *   C2 Mon 09:40  human_agent; escalated 09:41 (requested_human); agent A 09:43; resolved 10:00; rating 5
 *   C3 Mon 14:05  out_of_scope 0.2, complaint 0.25, complaint 0.8 (two fallbacks); escalated 14:07
 *                 (not_understood); agent B 14:17; resolved 14:35; rating 2
 *   C4 Mon 14:30  return_refund 0.7; the bot opens ticket T-A (normal, no answer)  → not contained
 *   C5 Mon 20:00  opened, no visitor message                                       → not counted
 *   C6 Tue 2026-11-03 08:00  human_agent 0.9; escalated 08:01 (requested_human); agent A 08:06; still open
 *   Tickets: T-A (C4, return, normal, created 14:31, unanswered, due +24 h), T-B (billing, high, created Mon
 *   10:00, agent note 11:00, due 18:00: met), T-C (billing, urgent, created Mon 01:00, agent note 06:00, due
 *   05:00: breached), T-D (Sun 2026-11-01 10:00, previous period, billing, low, resolved).
 */
export const at = (text: string) => new Date(`2026-11-${text}Z`);
export const FIXTURE_NOW = at('03T12:00:00');

export interface Fixture {
  agentA: string;
  agentB: string;
  contact: string;
  conversations: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6', string>;
  tickets: Record<'a' | 'b' | 'c' | 'd', string>;
}

interface MessageSpec {
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  at: string;
  intent?: [string, number];
  agent?: string;
}

export async function writeReportFixture(models: Models): Promise<Fixture> {
  const id = () => new Types.ObjectId();
  const agentA = id();
  const agentB = id();
  await models.User.collection.insertMany([
    {
      _id: agentA,
      email: 'a@shop.test',
      name: 'Agent A',
      passwordHash: 'x',
      role: 'agent',
      presence: 'offline',
      capacity: 5,
    },
    {
      _id: agentB,
      email: 'b@shop.test',
      name: 'Agent B',
      passwordHash: 'x',
      role: 'agent',
      presence: 'offline',
      capacity: 5,
    },
  ]);
  const contact = id();
  await models.Contact.collection.insertOne({
    _id: contact,
    name: 'Fixture Contact',
    emails: [],
    phones: [],
    visitorIds: [],
    attributes: {},
    createdAt: at('01T00:00:00'),
    updatedAt: at('01T00:00:00'),
  });

  const conversations = {} as Fixture['conversations'];
  async function conversation(
    key: keyof Fixture['conversations'],
    startedAt: string,
    fields: {
      status?: string;
      agent?: Types.ObjectId | null;
      escalatedAt?: string;
      reason?: string;
      resolvedAt?: string;
      rating?: number;
    },
    messages: MessageSpec[],
  ) {
    const _id = id();
    conversations[key] = _id.toHexString();
    await models.Conversation.collection.insertOne({
      _id,
      contact,
      visitorId: null,
      channel: 'web',
      status: fields.status ?? 'bot',
      assignedAgent: fields.agent ?? null,
      lastSeq: messages.length,
      firstResponseAt: null,
      escalatedAt: fields.escalatedAt ? at(fields.escalatedAt) : null,
      escalationReason: fields.reason ?? null,
      resolvedAt: fields.resolvedAt ? at(fields.resolvedAt) : null,
      csat: fields.rating ? { score: fields.rating, comment: null, at: at(fields.resolvedAt!) } : null,
      failedUnderstandingCount: 0,
      pendingSlot: null,
      createdAt: at(startedAt),
      updatedAt: at(startedAt),
    });
    if (messages.length > 0) {
      await models.Message.collection.insertMany(
        messages.map((m, index) => ({
          _id: id(),
          conversation: _id,
          seq: index + 1,
          sender: m.sender,
          senderId: m.agent ?? null,
          text: `${m.sender} message ${index + 1}`,
          nlp: m.intent ? { intent: { name: m.intent[0], confidence: m.intent[1] } } : null,
          suggestions: null,
          ticket: null,
          createdAt: at(m.at),
        })),
      );
    }
  }

  const A = agentA.toHexString();
  const B = agentB.toHexString();
  await conversation('c1', '02T09:10:00', {}, [
    { sender: 'visitor', at: '02T09:10:00', intent: ['order_status', 0.9] },
    { sender: 'bot', at: '02T09:10:01' },
  ]);
  await conversation(
    'c2',
    '02T09:40:00',
    {
      status: 'resolved',
      agent: agentA,
      escalatedAt: '02T09:41:00',
      reason: 'requested_human',
      resolvedAt: '02T10:00:00',
      rating: 5,
    },
    [
      { sender: 'visitor', at: '02T09:40:00', intent: ['human_agent', 0.95] },
      { sender: 'bot', at: '02T09:40:30' },
      { sender: 'system', at: '02T09:42:00' },
      { sender: 'agent', at: '02T09:43:00', agent: A },
      { sender: 'agent', at: '02T09:50:00', agent: A },
    ],
  );
  await conversation(
    'c3',
    '02T14:05:00',
    {
      status: 'resolved',
      agent: agentB,
      escalatedAt: '02T14:07:00',
      reason: 'not_understood',
      resolvedAt: '02T14:35:00',
      rating: 2,
    },
    [
      { sender: 'visitor', at: '02T14:05:00', intent: ['out_of_scope', 0.2] },
      { sender: 'bot', at: '02T14:05:01' },
      { sender: 'visitor', at: '02T14:06:00', intent: ['complaint', 0.25] },
      { sender: 'bot', at: '02T14:06:01' },
      { sender: 'visitor', at: '02T14:07:00', intent: ['complaint', 0.8] },
      { sender: 'bot', at: '02T14:07:01' },
      { sender: 'agent', at: '02T14:17:00', agent: B },
    ],
  );
  await conversation('c4', '02T14:30:00', {}, [
    { sender: 'visitor', at: '02T14:30:00', intent: ['return_refund', 0.7] },
    { sender: 'bot', at: '02T14:31:00' },
  ]);
  await conversation('c5', '02T20:00:00', {}, []);
  await conversation(
    'c6',
    '03T08:00:00',
    { status: 'agent', agent: agentA, escalatedAt: '03T08:01:00', reason: 'requested_human' },
    [
      { sender: 'visitor', at: '03T08:00:00', intent: ['human_agent', 0.9] },
      { sender: 'bot', at: '03T08:00:01' },
      { sender: 'agent', at: '03T08:06:00', agent: A },
    ],
  );

  const tickets = {} as Fixture['tickets'];
  let number = 1001;
  async function ticket(
    key: keyof Fixture['tickets'],
    fields: {
      conversation?: string;
      category: string;
      priority: string;
      status: string;
      created: string;
      due: string;
      note?: string;
    },
  ) {
    const _id = id();
    tickets[key] = _id.toHexString();
    const history = [
      {
        at: at(fields.created),
        actor: 'bot',
        action: 'created',
        field: null,
        from: null,
        to: null,
        note: null,
      },
    ];
    if (fields.note) {
      history.push({
        at: at(fields.note),
        actor: `user:${A}`,
        action: 'note',
        field: null,
        from: null,
        to: null,
        note: 'Looking into it',
      } as never);
    }
    await models.Ticket.collection.insertOne({
      _id,
      number: `T-${number++}`,
      contact,
      conversation: fields.conversation ? new Types.ObjectId(fields.conversation) : null,
      category: fields.category,
      subject: 'Fixture ticket',
      description: null,
      status: fields.status,
      priority: fields.priority,
      slaDueAt: at(fields.due),
      history,
      createdAt: at(fields.created),
      updatedAt: at(fields.note ?? fields.created),
    });
  }
  await ticket('a', {
    conversation: conversations.c4,
    category: 'return',
    priority: 'normal',
    status: 'open',
    created: '02T14:31:00',
    due: '03T14:31:00',
  });
  await ticket('b', {
    category: 'billing',
    priority: 'high',
    status: 'resolved',
    created: '02T10:00:00',
    due: '02T18:00:00',
    note: '02T11:00:00',
  });
  await ticket('c', {
    category: 'billing',
    priority: 'urgent',
    status: 'pending',
    created: '02T01:00:00',
    due: '02T05:00:00',
    note: '02T06:00:00',
  });
  await ticket('d', {
    category: 'billing',
    priority: 'low',
    status: 'resolved',
    created: '01T10:00:00',
    due: '04T10:00:00',
    note: '01T12:00:00',
  });

  return { agentA: A, agentB: B, contact: contact.toHexString(), conversations, tickets };
}
