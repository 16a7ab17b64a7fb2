import type { IntentDefinition } from '../../../server/conversation/analysis.ts';

/** The public intent names with their actions, and responses written for these tests. */
export const TEST_INTENTS: IntentDefinition[] = [
  {
    name: 'greeting',
    action: 'answer',
    responses: ['Hello {name}! How can I help?', 'Hi! How can I help you today?'],
  },
  { name: 'goodbye', action: 'answer', responses: ['Goodbye, and thanks for visiting!'] },
  { name: 'thanks', action: 'answer', responses: ["You're welcome!"] },
  { name: 'order_status', action: 'order_status', responses: ['Let me check order {orderNumber}.'] },
  { name: 'cancel_order', action: 'create_ticket', responses: [] },
  { name: 'return_refund', action: 'create_ticket', responses: [] },
  { name: 'shipping_info', action: 'answer', responses: ['Standard delivery takes 3 to 5 working days.'] },
  { name: 'payment_issue', action: 'create_ticket', responses: [] },
  { name: 'account_access', action: 'answer', responses: ['Use "Forgot password" on the sign-in page.'] },
  { name: 'product_recommendation', action: 'recommend', responses: [] },
  { name: 'product_info', action: 'product_info', responses: [] },
  { name: 'complaint', action: 'create_ticket', responses: [] },
  { name: 'human_agent', action: 'escalate', responses: [] },
  { name: 'store_info', action: 'answer', responses: ['We are open 9:00 to 18:00, Monday to Saturday.'] },
  { name: 'ticket_status', action: 'ticket_status', responses: [] },
  { name: 'update_contact', action: 'update_contact', responses: [] },
  {
    name: 'pricing_discount',
    action: 'answer',
    responses: [
      'Sign up to the newsletter for 10% off {product}.',
      'Sign up to the newsletter for 10% off your first order.',
    ],
  },
];
