/**
 * Question or request? "What is your return policy?" asks for information; "I want to return my order" asks the
 * shop to do something; "my earbuds arrived broken" reports a problem someone must handle. The intent model
 * files all three under return_refund, so the engine asks this before opening a ticket: only requests and
 * problems need a person, a question is answered from the shop's knowledge.
 */
export type DialogueAct = 'question' | 'request' | 'problem';

// Something went wrong that a person must look at.
const PROBLEM = [
  /\b(?:arrived|came|is|was|were|are|got)\s+(?:\w+\s+)?(?:broken|damaged|cracked|defective|faulty|smashed|crushed|wrong|missing|late|dead)\b/i,
  /\b(?:broke|stopped working|doesn'?t work|does not work|don'?t work|won'?t (?:turn on|charge|work)|not working|never (?:arrived|came|got here|showed up|turned up|got delivered)|hasn'?t (?:arrived|shown up|turned up)|didn'?t arrive|not arrived|leaks|is leaking)\b/i,
  /\b(?:charged|billed)\s+(?:me\s+)?(?:twice|two times|double|again)\b/i,
  /\bdouble[- ]charged\b/i,
  /\b(?:missing|not included|wasn'?t in the (?:box|parcel|package))\b/i,
  /\b(?:declined|was refused)\b.*\b(?:charged|money)\b/i,
  /\b(?:got|received|were sent|was sent|sent me|delivered)\b.*\binstead\b/i,
  /\bwrong (?:item|product|size|colou?r|model|thing|order|parcel|package)\b/i,
  /\b(?:haven'?t|have not|never|still (?:haven'?t|have not|not)|not yet)\s+(?:got|gotten|received|seen)\s+(?:my\s+|the\s+|any\s+)?(?:money|refund|order|package|parcel|item|delivery)\b/i,
  /\b(?:won'?t|doesn'?t|does not|will not)\s+(?:turn on|switch on|charge|pair|connect|work)\b/i,
  /\b(?:chipped|scratched|dented|torn|ripped|smashed|shattered|cracked|crushed)\b/i,
  // "it doesn't grind anymore", "no longer charges", "the left side has no sound": a fault that developed in use.
  /\b(?:doesn'?t|does not|won'?t|will not)\s+\w+(?:\s+\w+)?\s+any\s?more\b/i,
  /\bno longer\s+(?:works?|charges?|turns? on|switch(?:es)? on|holds?|pairs?|connects?)\b/i,
  /\b(?:has|have|there'?s|with)\s+no\s+(?:sound|power|picture|signal)\b|\bstopped\s+(?:charging|turning on|pairing)\b/i,
  /\b(?:make|file|open|start|submit|put in|raise)\s+(?:a\s+)?(?:warranty|guarantee)\s+claim\b/i,
];

// The visitor asks the shop to act ("I want to…", "please cancel…", "cancel my order").
const REQUEST = [
  /\b(?:i|we)\s*(?:'d| would|'m| am)?\s*(?:want|wanna|need|wish|like|trying|looking)\s+(?:to\s+)?(?:cancel|return|refund|send\s+(?:it|them)\s+back|get\s+(?:a\s+)?refund|exchange|swap|complain|report)/i,
  /\b(?:i|we)\s*(?:'d| would) like\s+(?:a\s+|my\s+)?(?:refund|cancellation|return|replacement|money back)/i,
  /\b(?:i|we)\s+(?:want|need|demand|expect)\s+(?:a\s+|my\s+)?(?:refund|replacement|money back|cancellation|return label)/i,
  /^\s*(?:please\s+)?(?:cancel|refund|return|stop)\b/i,
  /\bplease\s+(?:cancel|refund|return|stop|send)\b/i,
  /\b(?:i|we)\s*(?:'d| would|'m| am)?\s*(?:want|wanna|need|like|going)\s+(?:to\s+)?(?:send|ship|take|bring)\s+(?:[\w-]+\s+){0,4}back\b/i,
  /\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:cancel|refund|return|stop|send me|replace|exchange)\b/i,
  /\b(?:cancel|refund|return)\s+(?:it|this|that|them|my\s+\w+|order)\b.*\bplease\b/i,
];

// Asking about how things work ("can I…?", "do you…?", "how long…?", "what is…?").
const QUESTION_START =
  /^\s*(?:what|what's|whats|wat|wht|how|hw|how's|when|where|wheres|which|who|why|is|are|do|does|did|can|could|may|will|would|if|any|anything)\b/i;
// Words people put before the question itself ("ok so how do I…", "actually first, how much…").
const FILLERS =
  /^\s*(?:(?:ok|okay|so|and|but|then|well|hmm+|um+|also|actually|alright|first|sorry|great|thanks|cool)\b[\s,.!]*)+/i;

// "What happens if my parcel never arrived?": a question about a problem that may happen, not a report of one.
const HYPOTHETICAL =
  /^\s*(?:what|how|can|could|do|does|is|are|will|would)\b[^.!]*\b(?:if|in case|suppose|supposing)\b[^.!]*\?\s*$/i;

// "can you cancel an order after it has shipped?", "do you refund items bought on sale?": how things work for any
// order, not a request about the visitor's own.
const GENERAL_QUESTION =
  /^\s*(?:(?:ok|okay|so|and|but|also|actually|hi|hello|hey)[\s,.!]+)*(?:can|could|will|would|do|does|is|are)\s+(?:you|i|we|one|they)\b(?![^?]*\b(?:my|mine|our|me|us)\b)[^?]*\b(?:(?:an?|any)\s+(?:\w+\s+)?(?:order|item|product|purchase|parcel|package)|orders|items|products|purchases)\b[^?]*\?\s*$/i;

export function dialogueAct(text: string): DialogueAct {
  if (!HYPOTHETICAL.test(text) && PROBLEM.some((p) => p.test(text))) return 'problem';
  if (GENERAL_QUESTION.test(text) && !/\b(?:ORD-?)?\d{4,}\b/i.test(text)) return 'question';
  if (REQUEST.some((p) => p.test(text))) return 'request';
  const core = text.replace(FILLERS, '');
  if (QUESTION_START.test(core) || /\?\s*$/.test(text)) return 'question';
  // A bare statement on a request topic ("cancel order 11331", "refund for ORD-1") reads as a request.
  return 'request';
}
