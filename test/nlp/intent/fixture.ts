import type { LabeledExample } from '../../../nlp/intent/types.ts';

const phrases: Record<string, string[]> = {
  greeting: [
    'hello',
    'hi there',
    'good morning',
    'hey, anyone around?',
    'hello, I have a question',
    'good evening to you',
    'hi!',
    'hey there, how are you',
  ],
  order_status: [
    'where is my order',
    'has my parcel shipped yet',
    'when will my package arrive',
    'track my order please',
    'my order has not arrived',
    'what is the status of order 12345',
    'is my delivery on its way',
    'I am still waiting for my package',
  ],
  cancel_order: [
    'cancel my order',
    'I want to cancel the purchase',
    'please stop my order before it ships',
    'how do I cancel an order',
    'I changed my mind, cancel it',
    'can you cancel order 4411',
    'I no longer want what I ordered',
    'call off my order please',
  ],
  return_refund: [
    'I want a refund',
    'how do I return these shoes',
    'can I send the item back',
    'the jacket does not fit, I want my money back',
    'return policy for damaged goods',
    'when will I get my refund',
    'I would like to return my purchase',
    'refund my payment please',
  ],
  out_of_scope: [
    'what is the capital of france',
    'tell me a joke',
    'who won the football game last night',
    'what is the weather like tomorrow',
    'recommend a good movie',
    'how tall is mount everest',
    'what is the meaning of life',
    'play some music',
    'how do I bake bread',
    'solve this equation for x',
  ],
};

export const SHOP_EXAMPLES: LabeledExample[] = Object.entries(phrases).flatMap(([intent, texts]) =>
  texts.map((text) => ({ text, intent })),
);

/** Texts none of the examples contain, for checking predictions after a save/load round trip. */
export const PROBES = [
  'hello again',
  'where is my parcel',
  'please cancel my order',
  'I want to return this and get my money back',
  'who is the president of brazil',
  '',
  '!!!',
  'a'.repeat(500),
];
