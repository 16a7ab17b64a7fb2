import type { TicketPriority, TicketRecord } from '../data/records.ts';
import { problemCategory } from '../assistant/problem-ticket.ts';
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

// Return and complaint tickets about a damaged, missing or failed item: each goes to the people who handle it.
const PROBLEM_TOPICS: Record<string, TicketTopic> = {
  damaged: {
    category: 'damaged',
    subject: 'Item arrived damaged',
    priority: 'high',
    reply: (t, appended) =>
      appended
        ? `I've added this to your damaged-item report ${t.number}.`
        : `I'm sorry it arrived like that. I've opened ticket ${t.number}: our team will arrange a replacement or a refund at no cost to you.`,
  },
  missing: {
    category: 'missing',
    subject: 'Parcel or item missing',
    priority: 'high',
    reply: (t, appended) =>
      appended
        ? `I've added this to your missing-item report ${t.number}.`
        : `Sorry it hasn't reached you. I've opened ticket ${t.number}: our team will check with the carrier and send what's missing or refund it.`,
  },
  warranty: {
    category: 'warranty',
    subject: 'Warranty claim',
    priority: 'normal',
    reply: (t, appended) =>
      appended
        ? `I've added this to your warranty claim ${t.number}.`
        : `Sorry it stopped working. I've opened warranty claim ${t.number}: our team will arrange a repair or a replacement.`,
  },
};

/** Categories of something that went wrong with an order or an item. */
const PROBLEM_CATEGORIES = new Set(['damaged', 'missing', 'warranty', 'complaint', 'return']);

const GENERIC_TOPIC: TicketTopic = {
  category: 'general',
  subject: 'Customer request',
  priority: 'normal',
  reply: (t, appended) =>
    appended ? `I've added this to ticket ${t.number}.` : `I've opened ticket ${t.number}.`,
};

/** The ticket topic of an intent; a return or complaint about a damaged, missing or failed item gets its own. */
export function ticketTopicOf(intent: string, text = ''): TicketTopic {
  const problem = problemCategory(intent, text);
  return (problem ? PROBLEM_TOPICS[problem] : undefined) ?? TOPICS[intent] ?? GENERIC_TOPIC;
}

/**
 * Opens a ticket for the topic, or adds the message to an open ticket on the same topic that the visitor may
 * see (ticket-scope.ts: any of a verified customer's, else only those of the visitor's own conversations).
 */
export const createTicket: ActionHandler = async (context) => {
  const { deps, intent, analysis, contactId, conversation } = context;
  const topic = ticketTopicOf(intent.name, analysis.text);
  const { tickets } = deps.repositories;
  const actor = conversation.visitorId ? `visitor:${conversation.visitorId}` : 'bot';
  const orderMention = entityText(analysis, 'order_number');
  const subject = orderMention ? `${topic.subject} (${orderNumberFrom(orderMention)})` : topic.subject;

  const inScope = await openTicketsInScope(context);
  // The same topic, or, for something else that went wrong with the order ("also the box was crushed" after
  // "the cable was missing"), the problem ticket this conversation already opened: one case for the team.
  const open =
    inScope.find((t) => t.category === topic.category) ??
    (PROBLEM_CATEGORIES.has(topic.category)
      ? inScope.find((t) => t.conversationId === conversation.id && PROBLEM_CATEGORIES.has(t.category))
      : undefined);
  if (open) {
    const updated = (await tickets.addNote(open.id, actor, analysis.text)) ?? open;
    deps.events.emit('ticket.updated', {
      ticketId: updated.id,
      number: updated.number,
      change: 'note_added',
    });
    const ofTicket =
      [...Object.values(PROBLEM_TOPICS), ...Object.values(TOPICS)].find(
        (t) => t.category === open.category,
      ) ?? topic;
    return {
      text: ofTicket.reply(updated, true),
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
