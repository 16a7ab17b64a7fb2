import type { TicketPriority, TicketRecord } from '../data/records.ts';
import { entityText } from '../conversation/analysis.ts';
import { orderNumberFrom } from './order-status.ts';
import { openTicketsInScope } from './ticket-scope.ts';
import type { ActionHandler } from './types.ts';

interface TicketTopic {
  category: string;
  subject: string;
  priority: TicketPriority;
  reply: (ticket: TicketRecord, appended: boolean) => string;
}

const TOPICS: Record<string, TicketTopic> = {
  cancel_order: {
    category: 'cancellation',
    subject: 'Order cancellation request',
    priority: 'high',
    reply: (t, appended) =>
      appended
        ? `I've added this to your cancellation request ${t.number}.`
        : `I've asked our team to cancel it: your ticket is ${t.number}. We'll confirm as soon as it's done.`,
  },
  return_refund: {
    category: 'return',
    subject: 'Return or refund request',
    priority: 'normal',
    reply: (t, appended) =>
      appended
        ? `I've added this to your return request ${t.number}.`
        : `I've opened return request ${t.number}. Our team will send you the return instructions.`,
  },
  payment_issue: {
    category: 'payment',
    subject: 'Payment problem',
    priority: 'high',
    reply: (t, appended) =>
      appended
        ? `I've added this to your payment ticket ${t.number}.`
        : `Sorry about that. I've opened ticket ${t.number} for our payments team.`,
  },
  complaint: {
    category: 'complaint',
    subject: 'Customer complaint',
    priority: 'normal',
    reply: (t, appended) =>
      appended
        ? `I'm sorry. I've added this to your ticket ${t.number}, so the person handling it sees it.`
        : `I'm sorry to hear that. I've opened ticket ${t.number} and a member of our team will follow up.`,
  },
};

const GENERIC_TOPIC: TicketTopic = {
  category: 'general',
  subject: 'Customer request',
  priority: 'normal',
  reply: (t, appended) =>
    appended ? `I've added this to ticket ${t.number}.` : `I've opened ticket ${t.number}.`,
};

export function ticketTopicOf(intent: string): TicketTopic {
  return TOPICS[intent] ?? GENERIC_TOPIC;
}

/**
 * Opens a ticket for the topic, or adds the message to an open ticket on the same topic that the visitor may
 * see (ticket-scope.ts: any of a verified customer's, else only those of the visitor's own conversations).
 */
export const createTicket: ActionHandler = async (context) => {
  const { deps, intent, analysis, contactId, conversation } = context;
  const topic = ticketTopicOf(intent.name);
  const { tickets } = deps.repositories;
  const actor = conversation.visitorId ? `visitor:${conversation.visitorId}` : 'bot';
  const orderMention = entityText(analysis, 'order_number');
  const subject = orderMention ? `${topic.subject} (${orderNumberFrom(orderMention)})` : topic.subject;

  const open = (await openTicketsInScope(context)).find((t) => t.category === topic.category);
  if (open) {
    const updated = (await tickets.addNote(open.id, actor, analysis.text)) ?? open;
    deps.events.emit('ticket.updated', {
      ticketId: updated.id,
      number: updated.number,
      change: 'note_added',
    });
    return {
      text: topic.reply(updated, true),
      ticket: updated,
      pendingSlot: null,
      outcome: 'ticket_appended',
    };
  }
  const ticket = await tickets.create({
    contactId: contactId,
    conversationId: conversation.id,
    category: topic.category,
    subject,
    description: analysis.text,
    priority: topic.priority,
    actor,
  });
  deps.events.emit('ticket.created', {
    ticketId: ticket.id,
    number: ticket.number,
    contactId: contactId,
    conversationId: conversation.id,
    category: ticket.category,
    priority: ticket.priority,
  });
  // The reply names the order the ticket is about, so the visitor sees both parts of their message were read.
  const about = orderMention ? ` It's about order ${orderNumberFrom(orderMention)}.` : '';
  return {
    text: `${topic.reply(ticket, false)}${about}`,
    ticket,
    pendingSlot: null,
    outcome: 'ticket_created',
  };
};
