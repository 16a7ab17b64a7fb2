import type {
  AgentMessage,
  ConversationListItem,
  MessageAnalysisView,
  MessagePreview,
  PrivateNote,
  SentimentView,
  VisitorIdentity,
} from '../contracts/agent-events.ts';
import { toChatMessage } from '../conversation/message-view.ts';
import { ratingOfLatestResolution } from '../conversation/ownership.ts';
import type { NoteRecord } from '../data/agent/desk-store.ts';
import type { ContactRecord, ConversationRecord, MessageRecord, TicketRecord } from '../data/records.ts';
import type { AgentDeps } from './agent-deps.ts';

const PREVIEW_LENGTH = 140;

/**
 * Inbox rows for a page of conversations, with one query per kind of fact (contacts, tickets, last messages,
 * sentiment, assignees, unread counts) whatever the page size. `agentId` gives the unread counts; without it
 * they are 0 (broadcast rows: each console counts its own).
 */
export async function listItems(
  deps: Pick<AgentDeps, 'desk' | 'repositories'>,
  conversations: readonly ConversationRecord[],
  options: { agentId?: string; queuePositions?: ReadonlyMap<string, number> } = {},
): Promise<ConversationListItem[]> {
  if (conversations.length === 0) return [];
  const ids = conversations.map((c) => c.id);
  const agentIds = [...new Set(conversations.flatMap((c) => (c.assignedAgentId ? [c.assignedAgentId] : [])))];
  const [contacts, priorities, latest, latestVisitor, unread, agents] = await Promise.all([
    deps.desk.contactsByIds(conversations.map((c) => c.contactId)),
    deps.desk.openTicketPriority(ids),
    deps.desk.latestMessages(ids),
    deps.desk.latestVisitorMessages(ids),
    options.agentId
      ? deps.desk.unreadCounts(options.agentId, ids)
      : Promise.resolve(new Map<string, number>()),
    Promise.all(agentIds.map((id) => deps.repositories.users.findById(id))),
  ]);
  const agentName = new Map(agents.flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  return conversations.map((c) => {
    const last = latest.get(c.id);
    const visitorMessage = latestVisitor.get(c.id);
    return {
      id: c.id,
      status: c.status,
      visitor: identityOf(c.contactId, contacts.get(c.contactId)),
      assignee: c.assignedAgentId
        ? { id: c.assignedAgentId, name: agentName.get(c.assignedAgentId) ?? 'Unknown agent' }
        : null,
      waitingSince: c.escalatedAt?.toISOString() ?? null,
      queuePosition: c.status === 'waiting_agent' ? (options.queuePositions?.get(c.id) ?? null) : null,
      escalationReason: c.escalationReason,
      sentiment: visitorMessage ? sentimentOf(visitorMessage.nlp) : null,
      priority: priorities.get(c.id) ?? null,
      unreadCount: unread.get(c.id) ?? 0,
      lastMessage: last ? previewOf(last) : null,
      rating: ratingOfLatestResolution(c),
      updatedAt: c.updatedAt.toISOString(),
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
    };
  });
}

export function identityOf(contactId: string, contact: ContactRecord | undefined): VisitorIdentity {
  if (!contact) return { contactId, name: null, emails: [], phones: [] };
  const claimed = (kind: 'email' | 'phone', verified: readonly string[]) => [
    ...verified.map((value) => ({ value, verified: true })),
    ...contact.claims
      .filter((claim) => claim.kind === kind && !verified.includes(claim.value))
      .map((claim) => ({ value: claim.value, verified: false })),
  ];
  return {
    contactId,
    name: contact.name,
    emails: claimed('email', contact.emails),
    phones: claimed('phone', contact.phones),
  };
}

export function previewOf(message: MessageRecord): MessagePreview {
  return {
    sender: message.sender,
    text:
      message.text.length > PREVIEW_LENGTH ? `${message.text.slice(0, PREVIEW_LENGTH - 1)}…` : message.text,
    seq: message.seq,
    createdAt: message.createdAt.toISOString(),
  };
}

export function sentimentOf(nlp: unknown): SentimentView | null {
  const sentiment = (nlp as { sentiment?: { score?: unknown; label?: unknown } } | null)?.sentiment;
  if (typeof sentiment?.score !== 'number') return null;
  return { score: sentiment.score, label: typeof sentiment.label === 'string' ? sentiment.label : 'neutral' };
}

function analysisOf(nlp: unknown): MessageAnalysisView | undefined {
  if (typeof nlp !== 'object' || nlp === null) return undefined;
  const stored = nlp as {
    intent?: { name?: unknown; confidence?: unknown };
    ranking?: unknown;
    entities?: unknown;
  };
  const sentiment = sentimentOf(nlp);
  if (typeof stored.intent?.name !== 'string' || sentiment === null) return undefined;
  const ranking = Array.isArray(stored.ranking)
    ? (stored.ranking as Array<{ name: string; confidence: number }>).filter(
        (r) => typeof r?.name === 'string' && typeof r.confidence === 'number',
      )
    : [];
  const entities = Array.isArray(stored.entities)
    ? (stored.entities as MessageAnalysisView['entities']).map((e) => ({
        type: String(e.type),
        text: String(e.text),
        start: Number(e.start),
        end: Number(e.end),
        value: e.value,
      }))
    : [];
  return {
    intent: { name: stored.intent.name, confidence: Number(stored.intent.confidence ?? 0) },
    ranking,
    entities,
    sentiment,
  };
}

function botIntentOf(nlp: unknown): { name: string; confidence: number } | undefined {
  const intent = (nlp as { intent?: { name?: unknown; confidence?: unknown } } | null)?.intent;
  return typeof intent?.name === 'string'
    ? { name: intent.name, confidence: Number(intent.confidence ?? 0) }
    : undefined;
}

/** A stored message as an agent sees it: the visitor's view plus the analysis, or the bot's intent and action. */
export function toAgentMessage(
  record: MessageRecord,
  options: { ticket?: TicketRecord | null; agentName?: string | null } = {},
): AgentMessage {
  const message: AgentMessage = {
    ...toChatMessage(record, options.ticket, options.agentName),
    kind: 'message',
  };
  if (record.sender === 'visitor') {
    const analysis = analysisOf(record.nlp);
    if (analysis) message.analysis = analysis;
  }
  if (record.sender === 'bot') {
    const intent = botIntentOf(record.nlp);
    if (intent) message.botIntent = intent;
    const action = (record.nlp as { action?: unknown } | null)?.action;
    if (typeof action === 'string') message.botAction = action;
  }
  if (record.sender === 'agent' && record.senderId) message.senderId = record.senderId;
  return message;
}

export function toPrivateNote(note: NoteRecord): PrivateNote {
  return {
    kind: 'note',
    id: note.id,
    conversationId: note.conversationId,
    afterSeq: note.afterSeq,
    author: { id: note.authorId, name: note.authorName },
    text: note.text,
    createdAt: note.createdAt.toISOString(),
  };
}
