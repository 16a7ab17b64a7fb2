import type { ChatMessage, Sender, Suggestion } from '../contracts/visitor-events.ts';
import type { MessageRecord, TicketRecord } from '../data/records.ts';
import type { ChatDeps } from './chat-deps.ts';
import { toChatMessage } from './message-view.ts';

export interface OutgoingMessage {
  conversationId: string;
  sender: Exclude<Sender, 'visitor'>;
  senderId?: string | null;
  /** The agent's display name, shown to the visitor with an agent's message. */
  senderName?: string | null;
  text: string;
  suggestions?: Suggestion[];
  ticket?: TicketRecord | null;
  /** For bot replies: the intent answered, kept with the message for analytics and the widget. */
  intent?: { name: string; confidence: number } | null;
  /** For bot replies: the action taken for the visitor's message (`order_status`, `escalate`…), for agents. */
  action?: string | null;
  /** An agent's reply: chosen by the console so a resent reply is stored once. */
  clientMessageId?: string;
  /** For bot replies: the detail the message asks for (`email`…), so the widget can offer a field. */
  expects?: string | null;
  inReplyTo?: string;
  /** A sequence number reserved with the visitor's message (the bot's answer). */
  reservedSeq?: number;
}

/** Stores a bot, agent or system message, delivers it to the conversation's room and announces it. */
export async function postMessage(
  deps: Pick<ChatDeps, 'chatData' | 'events' | 'notifier'>,
  outgoing: OutgoingMessage,
): Promise<ChatMessage> {
  return (await postMessageRecord(deps, outgoing)).message;
}

/** As `postMessage`, with the stored record. */
export async function postMessageRecord(
  deps: Pick<ChatDeps, 'chatData' | 'events' | 'notifier'>,
  outgoing: OutgoingMessage,
): Promise<{ message: ChatMessage; record: MessageRecord }> {
  const record = await deps.chatData.appendMessage(
    outgoing.conversationId,
    {
      sender: outgoing.sender,
      senderId: outgoing.senderId ?? null,
      text: outgoing.text,
      nlp: botNotes(outgoing),
      suggestions: outgoing.suggestions && outgoing.suggestions.length > 0 ? outgoing.suggestions : null,
      ticketId: outgoing.ticket?.id ?? null,
      ...(outgoing.clientMessageId ? { clientMessageId: outgoing.clientMessageId } : {}),
    },
    outgoing.reservedSeq,
  );
  const message = toChatMessage(record, outgoing.ticket, outgoing.senderName);
  deps.notifier.messageCreated(message, undefined, record);
  deps.events.emit('reply.sent', {
    conversationId: outgoing.conversationId,
    messageId: record.id,
    seq: record.seq,
    sender: outgoing.sender,
    ...(outgoing.inReplyTo ? { inReplyTo: outgoing.inReplyTo } : {}),
  });
  return { message, record };
}

function botNotes(outgoing: OutgoingMessage): Record<string, unknown> | null {
  if (!outgoing.intent && !outgoing.expects && !outgoing.action) return null;
  return {
    ...(outgoing.intent ? { intent: outgoing.intent } : {}),
    ...(outgoing.action ? { action: outgoing.action } : {}),
    ...(outgoing.expects ? { expects: outgoing.expects } : {}),
  };
}
