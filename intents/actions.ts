/**
 * The actions an intent can trigger. The server maps each one to a handler, so this list is closed:
 * adding an action means adding a handler first.
 */
export const INTENT_ACTIONS = [
  'answer',
  'order_status',
  'create_ticket',
  'ticket_status',
  'update_contact',
  'product_info',
  'recommend',
  'escalate',
] as const;
export type IntentAction = (typeof INTENT_ACTIONS)[number];

/** The intent names that are part of the public contract (issue 4); a data set must define them all. */
export const REQUIRED_INTENTS = [
  'greeting',
  'goodbye',
  'thanks',
  'order_status',
  'cancel_order',
  'return_refund',
  'shipping_info',
  'payment_issue',
  'account_access',
  'product_recommendation',
  'product_info',
  'complaint',
  'human_agent',
  'store_info',
  'ticket_status',
  'update_contact',
  'pricing_discount',
] as const;

export const MIN_EXAMPLES_PER_INTENT = 25;
