import { entityText } from '../conversation/analysis.ts';
import type { OrderRecord } from '../data/records.ts';
import type { ActionHandler } from './types.ts';

export const ORDER_NUMBER_SLOT = 'order_number';

/** The NLP gives the digits of "ORD-1042", "#1042" or "order 1042"; orders are stored as ORD-1042. */
export function orderNumberFrom(value: string): string {
  const trimmed = value.trim().toUpperCase();
  return /^\d+$/.test(trimmed) ? `ORD-${trimmed}` : trimmed;
}

const STATUS_WORDS: Record<OrderRecord['status'], string> = {
  placed: 'has been placed and is waiting for payment',
  paid: 'is paid and being prepared',
  shipped: 'has shipped',
  delivered: 'has been delivered',
  cancelled: 'was cancelled',
  returned: 'was returned',
};

function describe(order: OrderRecord, owner: boolean): string {
  let text = `Order ${order.number} ${STATUS_WORDS[order.status]}`;
  if (order.status === 'shipped' && order.shippedAt) text += ` (on ${day(order.shippedAt)})`;
  if (order.status === 'delivered' && order.deliveredAt) text += ` (on ${day(order.deliveredAt)})`;
  text += '.';
  // The tracking number is shown only to the order's own contact: an order number alone is guessable.
  if (owner && order.trackingNumber && order.status === 'shipped')
    text += ` Tracking number: ${order.trackingNumber}.`;
  return text;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Finds the order named in the message, or the contact's latest; asks for the number when neither exists. */
export const orderStatus: ActionHandler = async ({ deps, analysis, contactId, conversation }) => {
  const { orders } = deps.repositories;
  const mentioned = entityText(analysis, 'order_number');
  if (mentioned) {
    const number = orderNumberFrom(mentioned);
    const order = await orders.findByNumber(number);
    deps.events.emit('order.looked_up', {
      conversationId: conversation.id,
      orderNumber: number,
      found: !!order,
    });
    if (!order) {
      return {
        text: `I couldn't find an order with the number ${number}. Could you check it and send it again?`,
        pendingSlot: { intent: 'order_status', slot: ORDER_NUMBER_SLOT },
        outcome: 'not_found',
      };
    }
    return { text: describe(order, order.contactId === contactId), pendingSlot: null, outcome: 'found' };
  }

  const recent = await orders.listByContact(contactId, 3);
  const [latest] = recent;
  if (latest) {
    const others = recent.length > 1 ? ' If you meant another order, tell me its number.' : '';
    return { text: `${describe(latest, true)}${others}`, pendingSlot: null, outcome: 'found_recent' };
  }
  return {
    text: 'Sure, I can check that. What is your order number? It looks like ORD-1234.',
    pendingSlot: { intent: 'order_status', slot: ORDER_NUMBER_SLOT },
    outcome: 'asked_order_number',
  };
};
