import { Types } from 'mongoose';
import type { Models } from '../models/index.ts';
import type { Repositories } from '../repositories/index.ts';
import { generateConversationHistory, type HistoryConversation } from './conversation-history.ts';

/** Demo agents' addresses are in the reserved `.invalid` domain: no mail can reach them, and reports label them. */
export const DEMO_AGENT_DOMAIN = 'demo.invalid';
/** Not a scrypt hash: `verifyPassword` refuses it for every password, so a demo agent can never sign in. */
export const NO_LOGIN_PASSWORD_HASH = '!no-login: synthetic demo account';
const DEMO_AGENT_NAMES = ['Ada', 'Bruno', 'Chiara', 'Deniz', 'Emeka', 'Fumiko'];
const FIRST_TICKET_NUMBER = 1000;

export interface HistorySeedOptions {
  seed: number;
  now: Date;
  days: number;
  perDay: number;
  agents?: number;
  /** Contacts the conversations belong to (the seeded customers). */
  contactIds: readonly string[];
  /** Relative chance of each contact to start a conversation (same order as `contactIds`). */
  contactWeights?: readonly number[];
  /** Repeats each conversation's visitor/bot exchange this many times (the benchmark's longer conversations). */
  messageMultiplier?: number;
  /** Called after each day is written (the benchmark reports progress). */
  onDay?: (written: { conversations: number; messages: number }) => void;
}

export interface HistorySeedOutcome {
  agents: number;
  conversations: number;
  messages: number;
  tickets: number;
}

/** Demo agent accounts for the synthetic history: no usable password, capacity 0 (never routed), labelled demo. */
export async function createDemoAgents(models: Models, count: number): Promise<string[]> {
  const now = new Date();
  const docs = DEMO_AGENT_NAMES.slice(0, count).map((name, index) => ({
    _id: new Types.ObjectId(),
    email: `demo-agent-${index + 1}@${DEMO_AGENT_DOMAIN}`,
    name: `${name} (demo agent)`,
    passwordHash: NO_LOGIN_PASSWORD_HASH,
    role: 'agent',
    presence: 'offline',
    capacity: 0,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
  }));
  await models.User.collection.insertMany(docs);
  return docs.map((d) => d._id.toHexString());
}

/**
 * Writes the synthetic support history (server/data/seed/conversation-history.ts) through the driver, a day
 * at a time, with the story's own timestamps.
 */
export async function seedConversationHistory(
  models: Models,
  repositories: Pick<Repositories, 'counters'>,
  options: HistorySeedOptions,
): Promise<HistorySeedOutcome> {
  const agentIds = await createDemoAgents(models, options.agents ?? 5);
  const contactIds = options.contactIds.map((id) => new Types.ObjectId(id));
  const outcome = { agents: agentIds.length, conversations: 0, messages: 0, tickets: 0 };
  let ticketNumber = FIRST_TICKET_NUMBER;
  for (const day of generateConversationHistory({
    seed: options.seed,
    now: options.now,
    days: options.days,
    perDay: options.perDay,
    contacts: contactIds.length,
    agents: agentIds.length,
    ...(options.contactWeights ? { contactWeights: options.contactWeights } : {}),
  })) {
    const conversations = [];
    const messages: Record<string, unknown>[] = [];
    const tickets = [];
    for (const c of day) {
      const _id = new Types.ObjectId();
      const repeat = options.messageMultiplier ?? 1;
      const expanded =
        repeat <= 1
          ? c.messages
          : c.messages.flatMap((m) =>
              m.sender === 'visitor' || m.sender === 'bot' ? Array(repeat).fill(m) : [m],
            );
      c.lastSeq = expanded.length;
      conversations.push(conversationDoc(_id, c, contactIds, agentIds));
      expanded.forEach((m, index) => {
        messages.push({
          _id: new Types.ObjectId(),
          conversation: _id,
          seq: index + 1,
          sender: m.sender,
          senderId: m.agent === null ? (m.sender === 'visitor' ? c.visitorId : null) : agentIds[m.agent]!,
          text: m.text,
          nlp:
            m.intent === null
              ? null
              : {
                  intent: m.intent,
                  ranking: [],
                  entities: [],
                  sentiment: { score: m.sentiment ?? 0, label: 'neutral' },
                },
          suggestions: null,
          ticket: null,
          createdAt: m.at,
        });
      });
      if (c.ticket !== null) {
        ticketNumber += 1;
        const t = c.ticket;
        const actor = `user:${agentIds[t.agent]}`;
        const history: Record<string, unknown>[] = [
          { at: t.createdAt, actor: 'bot', action: 'created', field: null, from: null, to: null, note: null },
        ];
        if (t.answeredAt !== null) {
          history.push({
            at: t.answeredAt,
            actor,
            action: 'note',
            field: null,
            from: null,
            to: null,
            note: 'Looking into it (synthetic).',
          });
        }
        if (t.resolvedAt !== null) {
          history.push({
            at: t.resolvedAt,
            actor,
            action: 'changed',
            field: 'status',
            from: 'pending',
            to: t.status,
            note: null,
          });
        }
        const slaHours = { urgent: 4, high: 8, normal: 24, low: 72 }[t.priority];
        tickets.push({
          _id: new Types.ObjectId(),
          number: `T-${ticketNumber}`,
          contact: contactIds[c.contact]!,
          conversation: _id,
          category: t.category,
          subject: `${t.subject} (synthetic)`,
          description: null,
          status: t.status,
          priority: t.priority,
          slaDueAt: new Date(t.createdAt.getTime() + slaHours * 3600_000),
          history,
          createdAt: t.createdAt,
          updatedAt: t.resolvedAt ?? t.answeredAt ?? t.createdAt,
        });
      }
    }
    if (conversations.length > 0) await models.Conversation.collection.insertMany(conversations);
    for (let start = 0; start < messages.length; start += 5000) {
      await models.Message.collection.insertMany(messages.slice(start, start + 5000));
    }
    if (tickets.length > 0) await models.Ticket.collection.insertMany(tickets);
    outcome.conversations += conversations.length;
    outcome.messages += messages.length;
    outcome.tickets += tickets.length;
    options.onDay?.({ conversations: outcome.conversations, messages: outcome.messages });
  }
  // Tickets opened later continue after the synthetic ones.
  if (outcome.tickets > 0) await repositories.counters.next('ticket', ticketNumber - 1);
  return outcome;
}

function conversationDoc(
  _id: Types.ObjectId,
  c: HistoryConversation,
  contactIds: readonly Types.ObjectId[],
  agentIds: readonly string[],
) {
  return {
    _id,
    contact: contactIds[c.contact]!,
    visitorId: c.visitorId,
    channel: 'web',
    status: c.status,
    assignedAgent: c.agent === null ? null : new Types.ObjectId(agentIds[c.agent]),
    lastSeq: c.lastSeq ?? c.messages.length,
    firstResponseAt: c.messages.find((m) => m.sender === 'bot')?.at ?? null,
    escalatedAt: c.escalatedAt,
    escalationReason: c.escalationReason,
    resolvedAt: c.resolvedAt,
    csat: c.rating === null ? null : { score: c.rating, comment: null, at: c.resolvedAt ?? c.updatedAt },
    failedUnderstandingCount: 0,
    pendingSlot: null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
