/**
 * Which team a reported problem goes to, from what the visitor says went wrong: a payment problem (charged
 * twice, money not refunded), an item damaged on arrival, a parcel or item that never came, a fault that
 * developed in use (the warranty), a wrong or ill-fitting item (a return), or a late delivery or poor service (a
 * complaint). The intent model sees "my power bank won't charge" as a payment issue and "the package never
 * came" as an order question, so the words decide when they are clear.
 */
export type ProblemIntent = 'payment_issue' | 'return_refund' | 'complaint';

/** The ticket category of a problem: each is handled differently (a claim on the carrier, a repair…). */
export type ProblemKind = 'payment' | 'damaged' | 'missing' | 'warranty' | 'return' | 'complaint';

const PAYMENT =
  /\b(?:charged|billed|debited|took (?:the )?(?:money|payment))\b[^.?!]*\b(?:twice|two times|double|again|wrong amount|too much|more than)\b|\bdouble[- ]?(?:charged?|billed|payment)\b|\b(?:charged|billed) (?:me )?(?:twice|two times|double)\b|\b(?:card|payment|paypal|transaction)\b[^.?!]*\b(?:declined|failed|refused|rejected)\b|\b(?:haven'?t|have not|never|still (?:haven'?t|have not|not)|not yet)\s+(?:got|gotten|received|seen)\s+(?:my\s+|the\s+|any\s+)?(?:money|refund)\b|\b(?:refund|money)\b[^.?!]*\b(?:hasn'?t|has not|never|still not|not yet)\s+(?:arrived|come|came|shown|appeared)\b|\b(?:still|yet)\b[^.?!]*\bno (?:refund|money)\b|\bno refund\b[^.?!]*\b(?:yet|still)\b/i;

// Physical damage: what a parcel looks like when it was knocked about on the way.
const DAMAGE =
  /\b(?:damaged|cracked|smashed|crushed|chipped|scratched|dented|shattered|torn|ripped|bent|squashed)\b|\b(?:arrived|came|delivered|showed up|turned up|out of the box)\b[^.?!]*\bbroken\b|\bbroken\b[^.?!]*\b(?:on arrival|out of the box|when it (?:arrived|came))\b/i;

// Something that does not work (as opposed to looking damaged).
const FAULT =
  /\b(?:broken|broke|defective|faulty|dead|died|stopped (?:working|charging|turning on)|won'?t (?:turn on|switch on|charge|work|pair|connect|hold (?:a )?charge)|doesn'?t (?:work|charge|turn on|switch on|pair|connect)|does not (?:work|charge|turn on|pair|connect)|don'?t work|not working|no (?:sound|power|picture)|leaks?|leaking|malfunction\w*|no longer \w+|(?:doesn'?t|does not|won'?t|will not) \w+(?: \w+)? any ?more)\b/i;

// The fault showed after the item had been used for a while: that is what the warranty covers.
const IN_USE =
  /\b(?:warrant(?:y|ee)|guarantee|stopped|no longer|any ?more|used to|after (?:(?:\d+|a|an|one|two|three|four|five|six|few|several|a few|a couple of)\s+)?(?:days?|weeks?|months?|years?|uses?))\b|\bhad (?:it|them) for\b|\bonly had (?:it|them)\b/i;

const ON_ARRIVAL =
  /\b(?:arrived|came|delivered|out of the box|on arrival|straight away|right away|first use)\b/i;

const WRONG_ITEM =
  /\bwrong (?:item|product|size|colou?r|model|one|thing)\b|\binstead\b|\b(?:doesn'?t|don'?t|does not|do not) fit\b|\btoo (?:small|big|large|tight|loose)\b/i;

const MISSING =
  /\b(?:never (?:arrived|came|got here|showed up|turned up|received)|hasn'?t (?:arrived|come|shown up|turned up)|has not arrived|didn'?t (?:arrive|come|get here)|not (?:arrived|delivered|received)|missing|lost|stolen|not in the (?:box|parcel|package)|wasn'?t in the (?:box|parcel|package)|weren'?t in the (?:box|parcel|package)|(?:haven'?t|have not|never|still (?:haven'?t|have not|not)|not yet)\s+(?:got|gotten|received)\s+(?:my\s+|the\s+)?(?:order|package|parcel|item|delivery|stuff))\b/i;

// "I'd like to make a warranty claim", "is it still under warranty? it broke": the warranty, whatever the words.
const WARRANTY_CLAIM =
  /\b(?:warrant(?:y|ee)|guarantee)\s+(?:claim|repair|replacement)\b|\bclaim\s+(?:on|under)\s+(?:the\s+|my\s+)?(?:warrant(?:y|ee)|guarantee)\b|\bunder\s+(?:the\s+)?(?:warrant(?:y|ee)|guarantee)\b/i;

const LATE = /\b(?:late|delayed|delay|taking (?:so |too )?long|still waiting)\b/i;

// Asking for the money back or to send the item back: a return, whatever the item's state.
const RETURN_REQUEST =
  /\b(?:refund|money back|retu?rn (?:it|them|this|the|my)|send (?:it|them|\w+) back|exchange|swap)\b/i;

export function problemKind(text: string): ProblemKind | null {
  if (PAYMENT.test(text)) return 'payment';
  if (WARRANTY_CLAIM.test(text)) return 'warranty';
  if (WRONG_ITEM.test(text)) return 'return';
  const damaged = DAMAGE.test(text);
  const fault = FAULT.test(text);
  const missing = MISSING.test(text);
  // Broken and missing, damaged and lost: more than one thing went wrong, a complaint for a person to sort out.
  if (missing && (damaged || fault)) return 'complaint';
  if (missing) return 'missing';
  if (damaged) return 'damaged';
  if (fault) return IN_USE.test(text) || !ON_ARRIVAL.test(text) ? 'warranty' : 'damaged';
  if (LATE.test(text)) return 'complaint';
  return null;
}

export function problemIntent(text: string): ProblemIntent | null {
  const kind = problemKind(text);
  if (kind === 'payment') return 'payment_issue';
  if (kind === 'damaged' || kind === 'warranty' || kind === 'return') return 'return_refund';
  if (kind === 'missing' || kind === 'complaint') return 'complaint';
  return null;
}

/**
 * The ticket category for a return or complaint ticket, refined by what went wrong: "arrived cracked" is a
 * damaged-item claim, "never came" a missing parcel, "stopped working after 8 months" a warranty claim. A visitor
 * who asks for the money back ("arrived broken and I want a refund") gets the return they asked for.
 */
export function problemCategory(intent: string, text: string): ProblemKind | null {
  if (intent !== 'return_refund' && intent !== 'complaint') return null;
  const kind = problemKind(text);
  if (kind !== 'damaged' && kind !== 'missing' && kind !== 'warranty') return null;
  if (intent === 'return_refund' && RETURN_REQUEST.test(text) && !/\bwarrant(?:y|ee)\b/i.test(text))
    return null;
  return kind;
}

/** Payment words: without one, a "payment issue" about a product that won't charge is about the product. */
export const PAYMENT_WORDS =
  /\b(?:pay|paid|paying|payment|card|credit|debit|charged|charge[sd]? (?:me|my)|billed|bill|invoice|paypal|money|refund|transaction|bank (?:account|transfer|statement)|checkout|price|overcharged)\b/i;
