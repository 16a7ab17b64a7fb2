import type {
  AgentMessage,
  AgentSelf,
  AgentSummary,
  CannedReply,
  ConversationContext,
  ConversationDetail,
  ConversationListItem,
  InboxListPayload,
  InboxPage,
  Presence,
  PrivateNote,
  TranscriptEntry,
} from '../contracts/agent-events.ts';
import {
  agentReplyRecord,
  assignAgent,
  handBackToBot,
  resolveConversation,
  transferConversation,
} from '../conversation/handoff.ts';
import type { ConversationRecord, UserRecord } from '../data/records.ts';
import type { InboxQuery } from '../data/repositories/index.ts';
import { AppError } from '../shared/errors.ts';
import type { AgentDeps } from './agent-deps.ts';
import { fillPlaceholders } from './canned.ts';
import { identityOf, listItems, previewOf, toAgentMessage, toPrivateNote } from './views.ts';

// The agent's actions: one domain function each, behind both the /agent socket and the REST routes. Every
// function takes the acting staff member's id and checks role, ownership and state itself (the console holds
// no rule the server does not enforce).

export interface Staff {
  userId: string;
  role: 'agent' | 'admin';
}

/** Notifications the agent side sends besides the chat's (private notes, an agent's own state). */
export interface DeskNotifier {
  noteCreated(note: PrivateNote): void;
  selfChanged(agentId: string): void;
}

/** Routing's entry point: drain the queue into free slots soon (coalesced; a no-op in manual mode). */
export interface RoutingKick {
  kick(): void;
}

export type DeskDeps = AgentDeps & { deskNotifier: DeskNotifier; routing: RoutingKick };

const TRANSCRIPT_LIMIT = 200;

async function conversationOrThrow(deps: AgentDeps, id: string): Promise<ConversationRecord> {
  const conversation = await deps.repositories.conversations.findById(id);
  if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found.');
  return conversation;
}

async function itemOf(deps: AgentDeps, conversation: ConversationRecord, agentId: string) {
  const positions = new Map<string, number>();
  if (conversation.status === 'waiting_agent') {
    const position = await deps.repositories.conversations.queuePosition(conversation);
    if (position !== null) positions.set(conversation.id, position);
  }
  const [item] = await listItems(deps, [conversation], { agentId, queuePositions: positions });
  return item!;
}

function checkText(deps: AgentDeps, text: string): string {
  if (text.length > deps.maxTextLength) {
    throw new AppError('MESSAGE_TOO_LONG', undefined, { details: { maxLength: deps.maxTextLength } });
  }
  if (text.trim() === '') throw new AppError('INVALID_PAYLOAD', 'The text is empty.');
  return text;
}

export async function agentSelf(deps: AgentDeps, agentId: string): Promise<AgentSelf> {
  const user = await deps.repositories.users.findById(agentId);
  if (!user || !user.active) throw new AppError('INVALID_TOKEN');
  return selfOf(user);
}

function selfOf(user: UserRecord): AgentSelf {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    presence: user.presence,
    capacity: user.capacity,
    activeCount: user.activeCount,
  };
}

/** Sets the agent's presence; going online mends the load count and drains the queue into free slots. */
export async function setPresence(deps: DeskDeps, agentId: string, presence: Presence): Promise<AgentSelf> {
  const { users, conversations } = deps.repositories;
  if (presence === 'online')
    await users.setActiveCount(agentId, await conversations.countOpenForAgent(agentId));
  const user = await users.setPresence(agentId, presence);
  if (!user) throw new AppError('NOT_FOUND', 'No such agent.');
  deps.deskNotifier.selfChanged(agentId);
  if (presence === 'online') deps.routing.kick();
  return selfOf(user);
}

export async function listAgents(deps: AgentDeps): Promise<AgentSummary[]> {
  const page = await deps.repositories.users.list({}, { page: 1, limit: 500 });
  return page.items
    .filter((user) => user.active)
    .map((user) => ({
      id: user.id,
      name: user.name,
      presence: user.presence,
      capacity: user.capacity,
      activeCount: user.activeCount,
    }));
}

export async function inboxPage(
  deps: AgentDeps,
  agentId: string,
  request: InboxListPayload,
): Promise<InboxPage> {
  const limit = request.limit ?? 50;
  const query: InboxQuery =
    request.view === 'mine' ? { view: 'mine', agentId } : ({ view: request.view } as InboxQuery);
  // Filters apply to a wider page read in the view's order, so a filtered view still fills up.
  const filtering = request.q !== undefined || request.priority !== undefined || request.reason !== undefined;
  let records = await deps.repositories.conversations.listView(
    query,
    filtering ? Math.max(limit * 5, 200) : limit,
  );
  if (request.reason !== undefined) records = records.filter((c) => c.escalationReason === request.reason);
  const positions = new Map<string, number>();
  if (request.view === 'queue') {
    // The queue page is read in queue order from its head, so the place is the index (filters aside).
    const head = filtering
      ? await deps.repositories.conversations.listWaiting(records.length + 1000)
      : records;
    head.forEach((c, index) => positions.set(c.id, index + 1));
  }
  let items = await listItems(deps, records, { agentId, queuePositions: positions });
  if (request.priority !== undefined) items = items.filter((item) => item.priority === request.priority);
  if (request.q !== undefined && request.q.trim() !== '') {
    const needle = request.q.trim().toLowerCase();
    const contacts = new Set(await deps.desk.contactIdsMatching(request.q));
    items = items.filter(
      (item) =>
        contacts.has(item.visitor.contactId) ||
        (item.lastMessage?.text.toLowerCase().includes(needle) ?? false) ||
        item.id === needle,
    );
  }
  return { view: request.view, items: items.slice(0, limit) };
}

export async function conversationDetail(
  deps: AgentDeps,
  agentId: string,
  conversationId: string,
): Promise<ConversationDetail> {
  const conversation = await conversationOrThrow(deps, conversationId);
  const [item, transcript, context] = await Promise.all([
    itemOf(deps, conversation, agentId),
    transcriptOf(deps, conversationId),
    contextOf(deps, conversation),
  ]);
  return {
    conversation: item,
    transcript: transcript.entries,
    hasMoreBefore: transcript.hasMoreBefore,
    context,
  };
}

async function transcriptOf(deps: AgentDeps, conversationId: string) {
  const { items, hasMoreBefore } = await deps.desk.transcript(conversationId, TRANSCRIPT_LIMIT);
  const fromSeq = hasMoreBefore ? (items[0]?.seq ?? 0) : 0;
  const notes = await deps.desk.listNotes(conversationId, fromSeq);
  const ticketIds = [...new Set(items.flatMap((m) => (m.ticketId ? [m.ticketId] : [])))];
  const agentIds = [
    ...new Set(items.flatMap((m) => (m.sender === 'agent' && m.senderId ? [m.senderId] : []))),
  ];
  const [tickets, agents] = await Promise.all([
    Promise.all(ticketIds.map((id) => deps.repositories.tickets.findById(id))),
    Promise.all(agentIds.map((id) => deps.repositories.users.findById(id))),
  ]);
  const ticketById = new Map(tickets.flatMap((t) => (t ? [[t.id, t] as const] : [])));
  const agentName = new Map(agents.flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  const entries: TranscriptEntry[] = [];
  let n = 0;
  for (const message of items) {
    // Notes written before this message (placed after an earlier seq) come first.
    while (n < notes.length && notes[n]!.afterSeq < message.seq) entries.push(toPrivateNote(notes[n++]!));
    entries.push(
      toAgentMessage(message, {
        ticket: message.ticketId ? ticketById.get(message.ticketId) : null,
        agentName: message.senderId ? agentName.get(message.senderId) : null,
      }),
    );
  }
  while (n < notes.length) entries.push(toPrivateNote(notes[n++]!));
  return { entries, hasMoreBefore };
}

async function contextOf(deps: AgentDeps, conversation: ConversationRecord): Promise<ConversationContext> {
  const { contacts, orders, tickets, conversations, users } = deps.repositories;
  const [contact, orderList, ticketPage, past] = await Promise.all([
    contacts.findById(conversation.contactId),
    orders.listByContact(conversation.contactId, 10),
    tickets.list({ contactId: conversation.contactId }, { page: 1, limit: 20 }),
    conversations.listByContact(conversation.contactId, 11),
  ]);
  const others = past.filter((c) => c.id !== conversation.id).slice(0, 10);
  const lastOfPast = await deps.desk.latestMessages(others.map((c) => c.id));
  const assigneeIds = [...new Set(ticketPage.items.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])))];
  const assignees = await Promise.all(assigneeIds.map((id) => users.findById(id)));
  const assigneeName = new Map(assignees.flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  return {
    contact: {
      ...identityOf(conversation.contactId, contact ?? undefined),
      attributes: contact?.attributes ?? {},
    },
    orders: orderList.map((order) => ({
      id: order.id,
      number: order.number,
      status: order.status,
      items: order.items.map((i) => ({ name: i.name, sku: i.sku, quantity: i.quantity, price: i.price })),
      total: order.total,
      currency: order.currency,
      placedAt: order.placedAt.toISOString(),
      trackingNumber: order.trackingNumber,
    })),
    tickets: ticketPage.items.map((ticket) => ({
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      category: ticket.category,
      status: ticket.status,
      priority: ticket.priority,
      assignee: ticket.assigneeId
        ? { id: ticket.assigneeId, name: assigneeName.get(ticket.assigneeId) ?? 'Unknown agent' }
        : null,
      conversationId: ticket.conversationId,
      updatedAt: ticket.updatedAt.toISOString(),
    })),
    pastConversations: others.map((c) => {
      const last = lastOfPast.get(c.id);
      return {
        id: c.id,
        status: c.status,
        updatedAt: c.updatedAt.toISOString(),
        lastMessage: last ? previewOf(last) : null,
      };
    }),
  };
}

/** Take a waiting conversation, or a live bot conversation, over (compare-and-set: one agent wins). */
export async function takeOver(
  deps: AgentDeps,
  agentId: string,
  conversationId: string,
): Promise<ConversationListItem> {
  const conversation = await assignAgent(deps, conversationId, agentId, 'takeover');
  return itemOf(deps, conversation, agentId);
}

export async function replyAsAgent(
  deps: AgentDeps,
  agentId: string,
  input: { conversationId: string; clientMessageId?: string; text: string },
): Promise<AgentMessage> {
  const text = checkText(deps, input.text);
  const { record, agentName } = await agentReplyRecord(
    deps,
    input.conversationId,
    agentId,
    text,
    input.clientMessageId,
  );
  // Writing is reading: the agent has seen everything up to their own reply.
  await deps.desk.markRead(agentId, input.conversationId, record.seq);
  return toAgentMessage(record, { agentName });
}

/** A private note: stored apart from the messages, so it can never reach the visitor. */
export async function addNote(
  deps: DeskDeps,
  agentId: string,
  input: { conversationId: string; text: string },
): Promise<PrivateNote> {
  const text = checkText(deps, input.text);
  const [conversation, author] = await Promise.all([
    conversationOrThrow(deps, input.conversationId),
    deps.repositories.users.findById(agentId),
  ]);
  if (!author) throw new AppError('FORBIDDEN');
  const note = toPrivateNote(
    await deps.desk.addNote({
      conversationId: conversation.id,
      afterSeq: conversation.lastSeq,
      authorId: agentId,
      authorName: author.name,
      text,
    }),
  );
  deps.deskNotifier.noteCreated(note);
  return note;
}

export async function transfer(
  deps: DeskDeps,
  agentId: string,
  input: { conversationId: string; agentId: string; note?: string },
): Promise<ConversationListItem> {
  const conversation = await transferConversation(deps, input.conversationId, agentId, input.agentId);
  if (input.note !== undefined && input.note.trim() !== '') {
    await addNote(deps, agentId, { conversationId: conversation.id, text: input.note });
  }
  deps.routing.kick();
  return itemOf(deps, conversation, agentId);
}

export async function resolve(
  deps: DeskDeps,
  staff: Staff,
  conversationId: string,
): Promise<ConversationListItem> {
  const conversation = await resolveConversation(deps, conversationId, staff.userId);
  deps.routing.kick();
  return itemOf(deps, conversation, staff.userId);
}

export async function handBack(
  deps: DeskDeps,
  staff: Staff,
  conversationId: string,
): Promise<ConversationListItem> {
  const conversation = await handBackToBot(deps, conversationId, staff.userId);
  deps.routing.kick();
  return itemOf(deps, conversation, staff.userId);
}

export async function markRead(
  deps: AgentDeps,
  agentId: string,
  conversationId: string,
  seq: number,
): Promise<void> {
  await conversationOrThrow(deps, conversationId);
  await deps.desk.markRead(agentId, conversationId, seq);
}

/** Canned replies, with the placeholders filled for `conversationId` when given. */
export async function cannedReplies(
  deps: AgentDeps,
  agentId: string,
  conversationId?: string,
): Promise<CannedReply[]> {
  const replies = await deps.desk.listCanned();
  if (conversationId === undefined) return replies;
  const conversation = await conversationOrThrow(deps, conversationId);
  const [contact, agent, tickets] = await Promise.all([
    deps.repositories.contacts.findById(conversation.contactId),
    deps.repositories.users.findById(agentId),
    deps.repositories.tickets.listOpenByContact(conversation.contactId),
  ]);
  const values = {
    visitor_name: contact?.name ?? null,
    agent_name: agent?.name ?? null,
    order_number: conversation.topic?.orderNumber ?? null,
    ticket_number:
      tickets.find((t) => t.conversationId === conversation.id)?.number ?? tickets[0]?.number ?? null,
  };
  return replies.map((reply) => ({ ...reply, text: fillPlaceholders(reply.template, values) }));
}
