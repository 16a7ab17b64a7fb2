// The admin scenario the issue names, shared by the admin e2e, the two-node hot-reload spec and the screenshot
// script: an intent `gift_wrapping` with fifteen examples and a response, and examples "replaced by nonsense" for
// the gate.

export const GIFT_WRAPPING_EXAMPLES = [
  'can you gift wrap my order',
  'is gift wrapping available',
  'I would like my order gift wrapped',
  'do you do gift wrapping',
  'can I get this wrapped as a present',
  'how much does gift wrapping cost',
  'please wrap it as a gift',
  'can the parcel come gift wrapped',
  'I want to add gift wrap at checkout',
  'could you wrap the present for me',
  'is there a gift wrap option',
  'can I have it wrapped in gift paper',
  'do you wrap presents',
  'gift wrapping for my order please',
  'can you add a gift note and wrapping',
];

export const GIFT_WRAPPING_RESPONSE =
  'Yes, we gift-wrap any order for $4.99: tick "Gift wrapping" at checkout and add a note for the card.';

/** Random six-letter words, three a phrase, always the same: an intent's examples "replaced by nonsense". */
export function nonsense(count: number): string[] {
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
  const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + (next() % 26))).join('');
  return Array.from({ length: count }, () => `${word()} ${word()} ${word()}`);
}
