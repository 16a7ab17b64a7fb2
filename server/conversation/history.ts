import type { HistoryPage } from '../contracts/visitor-events.ts';
import type { TicketRecord } from '../data/records.ts';
import type { ChatDeps } from './chat-deps.ts';
import { toChatMessage } from './message-view.ts';

/**
 * The messages after `afterSeq`, in order, as the widget shows them: with their ticket and, on agent messages,
 * the agent's name. Tickets and agents are read once per page, not once per message.
 */
export async function historyPage(
  deps: Pick<ChatDeps, 'repositories'>,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<HistoryPage> {
  const { messages, tickets, users } = deps.repositories;
  const { items, hasMore } = await messages.listAfterSeq(conversationId, afterSeq, limit);
  const ticketIds = new Set(items.flatMap((m) => (m.ticketId === null ? [] : [m.ticketId])));
  const agentIds = new Set(
    items.flatMap((m) => (m.sender === 'agent' && m.senderId !== null ? [m.senderId] : [])),
  );
  const ticketById = new Map<string, TicketRecord>();
  for (const id of ticketIds) {
    const ticket = await tickets.findById(id);
    if (ticket) ticketById.set(id, ticket);
  }
  const agentName = new Map<string, string>();
  for (const id of agentIds) {
    const agent = await users.findById(id);
    if (agent) agentName.set(id, agent.name);
  }
  return {
    messages: items.map((m) =>
      toChatMessage(
        m,
        m.ticketId === null ? null : ticketById.get(m.ticketId),
        m.senderId === null ? null : agentName.get(m.senderId),
      ),
    ),
    hasMore,
  };
}
