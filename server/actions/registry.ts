import { answer } from './answer.ts';
import { createTicket } from './create-ticket.ts';
import { escalate } from './escalate.ts';
import { orderStatus } from './order-status.ts';
import { productInfo } from './product-info.ts';
import { recommend } from './recommend.ts';
import { ticketStatus } from './ticket-status.ts';
import type { ActionHandler } from './types.ts';
import { updateContact } from './update-contact.ts';

/** Intent data names an action; this maps each name to its handler (intents/actions.ts lists the same names). */
export const ACTION_HANDLERS: Readonly<Record<string, ActionHandler>> = Object.freeze({
  answer,
  order_status: orderStatus,
  create_ticket: createTicket,
  ticket_status: ticketStatus,
  update_contact: updateContact,
  product_info: productInfo,
  recommend,
  escalate,
});

export function actionFor(name: string): ActionHandler {
  return ACTION_HANDLERS[name] ?? answer;
}
