import type { ChatMessage, Suggestion, TicketSummary } from '../contracts/visitor-events.ts';
import type { MessageRecord, TicketRecord } from '../data/records.ts';

/**
 * A stored message as the widget sees it; the NLP analysis stays on the server except the intent name (and the
 * detail a bot message asks for). `senderName` is the agent's display name, shown on agent messages only.
 */
export function toChatMessage(
  record: MessageRecord,
  ticket?: TicketRecord | null,
  senderName?: string | null,
): ChatMessage {
  const message: ChatMessage = {
    id: record.id,
    conversationId: record.conversationId,
    seq: record.seq,
    sender: record.sender,
    text: record.text,
    createdAt: record.createdAt.toISOString(),
  };
  if (record.sender === 'agent' && senderName) message.senderName = senderName;
  const intent = intentOf(record.nlp);
  if (intent && record.sender !== 'visitor') message.intent = intent;
  const expects = expectsOf(record.nlp);
  if (expects && record.sender === 'bot') message.expects = expects;
  if (Array.isArray(record.suggestions) && record.suggestions.length > 0) {
    message.suggestions = record.suggestions as Suggestion[];
  }
  if (ticket) message.ticket = ticketSummary(ticket);
  return message;
}

export function ticketSummary(ticket: TicketRecord): TicketSummary {
  return {
    number: ticket.number,
    status: ticket.status,
    category: ticket.category,
    priority: ticket.priority,
  };
}

function intentOf(nlp: unknown): string | undefined {
  if (typeof nlp !== 'object' || nlp === null) return undefined;
  const intent = (nlp as { intent?: { name?: unknown } }).intent;
  return typeof intent?.name === 'string' ? intent.name : undefined;
}

/** The detail a bot message asked for, kept beside its intent so a reloaded widget still offers the field. */
function expectsOf(nlp: unknown): string | undefined {
  if (typeof nlp !== 'object' || nlp === null) return undefined;
  const expects = (nlp as { expects?: unknown }).expects;
  return typeof expects === 'string' ? expects : undefined;
}
