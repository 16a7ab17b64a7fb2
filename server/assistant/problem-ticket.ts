/**
 * Which team a reported problem goes to, from what the visitor says went wrong: a payment problem (charged
 * twice, money not refunded), a faulty, broken or wrong item (a return, repair or replacement), or a delivery
 * or service problem (never came, missing from the box, late): a complaint. The intent model sees "my power bank
 * won't charge" as a payment issue and "the package never came" as an order question, so the words decide
 * when they are clear.
 */
export type ProblemIntent = 'payment_issue' | 'return_refund' | 'complaint';

const PAYMENT =
  /\b(?:charged|billed|debited|took (?:the )?(?:money|payment))\b[^.?!]*\b(?:twice|two times|double|again|wrong amount|too much|more than)\b|\bdouble[- ]?(?:charged?|billed|payment)\b|\b(?:charged|billed) (?:me )?(?:twice|two times|double)\b|\b(?:card|payment|paypal|transaction)\b[^.?!]*\b(?:declined|failed|refused|rejected)\b|\b(?:haven'?t|have not|never|still (?:haven'?t|have not|not)|not yet)\s+(?:got|gotten|received|seen)\s+(?:my\s+|the\s+|any\s+)?(?:money|refund)\b|\b(?:refund|money)\b[^.?!]*\b(?:hasn'?t|has not|never|still not|not yet)\s+(?:arrived|come|came|shown|appeared)\b/i;

const ITEM =
  /\b(?:broken|broke|breaks|damaged|cracked|chipped|scratched|dented|torn|ripped|defective|faulty|dead|stopped working|won'?t (?:turn on|switch on|charge|work|pair|connect)|doesn'?t (?:work|charge|turn on|fit|pair|connect)|does not (?:work|charge|fit)|not working|leaks?|leaking|wrong (?:item|product|size|colou?r|model|one|thing)|instead|doesn'?t fit|don'?t fit|too (?:small|big|large|tight))\b/i;

const DELIVERY =
  /\b(?:never (?:arrived|came|got here|showed up|turned up)|hasn'?t (?:arrived|come|shown up)|has not arrived|didn'?t (?:arrive|come|get here)|not (?:arrived|delivered)|missing|lost|late|delayed|stolen|not in the (?:box|parcel|package)|wasn'?t in the (?:box|parcel|package))\b/i;

export function problemIntent(text: string): ProblemIntent | null {
  if (PAYMENT.test(text)) return 'payment_issue';
  const item = ITEM.test(text);
  const delivery = DELIVERY.test(text);
  // Late and damaged, missing and broken: more than one thing went wrong, a complaint for a person to sort out.
  if (item && delivery) return 'complaint';
  if (item) return 'return_refund';
  if (delivery) return 'complaint';
  return null;
}

/** Payment words: without one, a "payment issue" about a product that won't charge is about the product. */
export const PAYMENT_WORDS =
  /\b(?:pay|paid|paying|payment|card|credit|debit|charged|charge[sd]? (?:me|my)|billed|bill|invoice|paypal|money|refund|transaction|bank (?:account|transfer|statement)|checkout|price|overcharged)\b/i;
