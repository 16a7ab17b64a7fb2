/**
 * Replaces personal data and record numbers with placeholders before a visitor's message can become training
 * data (the misunderstood inbox): the model should learn "where is order {orderNumber}", never a customer's
 * address or number. Placeholders are the response templates' names, so an example reads like a template.
 */
const RULES: readonly [RegExp, string][] = [
  // Emails first: their digits must not be read as a phone or an order number.
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, '{email}'],
  // Ticket numbers: T-1042, "ticket 1042", "ticket #1042".
  [/\bT-\d{2,}\b/gi, '{ticketNumber}'],
  [/\b(ticket\s*(?:no\.?|number)?\s*)#?\d{2,}\b/gi, '$1{ticketNumber}'],
  // Order numbers: #10023, ORD-10023, ord10023, "order 10023", "order no. 10023", "order number is 10023".
  [/\bORD[-\s]?\d{3,}\b/gi, '{orderNumber}'],
  [/\b(order\s*(?:no\.?|number|id)?\s*(?:is\s*)?:?\s*)#?\d{3,}\b/gi, '$1{orderNumber}'],
  [/#\d{3,}\b/g, '{orderNumber}'],
  // Phone numbers: 7 to 15 digits with the usual separators, optionally international.
  [/(?<![\p{L}\p{N}])(?:\+|00)?\(?\d(?:[\s().-]*\d){6,14}(?![\p{L}\p{N}])/gu, '{phone}'],
];

export function maskPersonalData(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of RULES) masked = masked.replace(pattern, replacement);
  return masked;
}
