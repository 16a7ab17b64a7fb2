import { entityText } from '../conversation/analysis.ts';
import { normaliseEmail } from '../data/normalise.ts';
import type { OrderRecord } from '../data/records.ts';
import { mayCheckOrderEmail, recordFailedOrderCheck } from '../identity/order-access.ts';
import type { ActionContext, ActionHandler, ActionResult } from './types.ts';

export const ORDER_NUMBER_SLOT = 'order_number';
/** The bot asked for the email on an order; the pending question's `value` is the order number. */
export const ORDER_EMAIL_SLOT = 'order_email';

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

/** What a shop's public order-status page shows for a number alone: the status and its date. */
function statusOnly(order: OrderRecord): string {
  let text = `Order ${order.number} ${STATUS_WORDS[order.status]}`;
  if (order.status === 'shipped' && order.shippedAt) text += ` (on ${day(order.shippedAt)})`;
  else if (order.status === 'delivered' && order.deliveredAt) text += ` (on ${day(order.deliveredAt)})`;
  else text += ` (placed on ${day(order.placedAt)})`;
  return `${text}.`;
}

/** For the verified owner, or after the order's email was given with its number. */
function fullDetails(order: OrderRecord): string {
  let text = statusOnly(order);
  if (order.trackingNumber && order.status === 'shipped')
    text += ` Tracking number: ${order.trackingNumber}.`;
  const items = order.items.map((item) => `${item.quantity} × ${item.name}`).join(', ');
  if (items) text += ` Items: ${items}.`;
  text += ` Total: ${order.total.toFixed(2)} ${order.currency}.`;
  return text;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The order named in the message (or the one whose email the bot asked for), or the verified customer's
 * latest. Full details go only to the verified owner or to a visitor who gives the number with the email on
 * the order; anyone else gets the status and its date and is asked for that email.
 */
export const orderStatus: ActionHandler = async (context) => {
  const { deps, analysis, contactId, conversation, verified } = context;
  const { orders } = deps.repositories;
  const mentioned = entityText(analysis, 'order_number');
  const email = entityText(analysis, 'email');
  const pending = conversation.pendingSlot;
  const number = mentioned
    ? orderNumberFrom(mentioned)
    : email && pending?.slot === ORDER_EMAIL_SLOT && pending.value
      ? pending.value
      : null;

  if (number) {
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
    if (verified && order.contactId === contactId) {
      return { text: fullDetails(order), pendingSlot: null, outcome: 'found' };
    }
    if (email) return checkOrderEmail(context, order, email);
    return {
      text: `${statusOnly(order)} For tracking and the order's details, send me the email address used for this order, or sign in to the shop.`,
      pendingSlot: { intent: 'order_status', slot: ORDER_EMAIL_SLOT, value: order.number },
      outcome: 'found_status_only',
    };
  }

  // Only a verified customer's own orders: a visitor's token alone may be on a shared computer.
  const recent = verified ? await orders.listByContact(contactId, 3) : [];
  const [latest] = recent;
  if (latest) {
    const others = recent.length > 1 ? ' If you meant another order, tell me its number.' : '';
    return { text: `${fullDetails(latest)}${others}`, pendingSlot: null, outcome: 'found_recent' };
  }
  return {
    text: 'Sure, I can check that. What is your order number? It looks like ORD-1234.',
    pendingSlot: { intent: 'order_status', slot: ORDER_NUMBER_SLOT },
    outcome: 'asked_order_number',
  };
};

/** Number + email: both must match for the details; failures are counted per visitor and per order. */
async function checkOrderEmail(
  { deps, conversation }: ActionContext,
  order: OrderRecord,
  email: string,
): Promise<ActionResult> {
  const visitorId = conversation.visitorId ?? conversation.id;
  if (!(await mayCheckOrderEmail(deps, visitorId, order.number))) {
    return {
      text: `${statusOnly(order)} I can't check more email addresses for this order right now. Sign in to the shop to see its details, or ask for a person.`,
      pendingSlot: null,
      outcome: 'check_limited',
    };
  }
  const given = normaliseEmail(email);
  const owner = await deps.repositories.contacts.findById(order.contactId);
  if (given !== null && owner !== null && owner.emails.includes(given)) {
    return { text: fullDetails(order), pendingSlot: null, outcome: 'found_checked' };
  }
  await recordFailedOrderCheck(deps, visitorId, order.number);
  return {
    text: `${statusOnly(order)} That email address doesn't match this order, so I can only give its status.`,
    pendingSlot: { intent: 'order_status', slot: ORDER_EMAIL_SLOT, value: order.number },
    outcome: 'check_failed',
  };
}
