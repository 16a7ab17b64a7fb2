import { expect } from 'chai';
import { phraseKey } from '../../intents/validate.ts';
import type { IntentClassifier } from '../../nlp/intent/types.ts';
import { defaultIntentData, defaultIntentModel } from './support/pipeline-fixtures.ts';

/**
 * Held-out phrasings (none of them is a training example; the first spec checks that) and the intent the
 * trained default model must give them. They are written like real visitors: typos, order numbers, slang.
 */
export const HELD_OUT: Record<string, string[]> = {
  greeting: ['hey, good morning to you', 'hello there!', 'hi, anybody around to help?'],
  goodbye: ['ok, bye then', 'alright, goodbye for now', 'gotta run, see you later'],
  thanks: ['thank you very much for the help', 'cheers, that was useful', 'many thanks for your quick reply'],
  order_status: [
    'where is my parcel #10023?',
    "my order still hasn't turned up",
    'can you check on the delivery of order ORD-55555',
    'when is my package arriving',
  ],
  cancel_order: [
    'I would like to cancel order #20001',
    'please cancel the order I placed an hour ago',
    'how do I cancel my purchase before it ships',
  ],
  return_refund: [
    'how do I send back a pair of shoes',
    'I want a refund for the broken lamp',
    'can I exchange this shirt for a larger size',
  ],
  shipping_info: [
    'how much does delivery to france cost',
    'do you offer free delivery',
    'how many days does standard shipping take',
  ],
  payment_issue: [
    'my credit card keeps getting declined',
    'I was billed two times for one order',
    'can I pay with paypal',
  ],
  account_access: [
    'I forgot the password to my account',
    "I can't sign into my account",
    'how can I reset my login',
  ],
  product_recommendation: [
    'what headphones would you recommend for running',
    'can you suggest a gift for my mum',
    'which blender should I buy',
  ],
  product_info: [
    'is the blue hoodie available in size M',
    'are the earbuds waterproof',
    'what are the dimensions of the coffee table',
  ],
  complaint: [
    'I am very unhappy with the service I received',
    'this is the worst shopping experience I have ever had',
    'I want to complain about the rude delivery driver',
  ],
  human_agent: [
    'can I please speak to a real human',
    'connect me to a live agent',
    'I want to talk to someone from customer support',
  ],
  store_info: [
    'what time do you open on saturdays',
    'where is your nearest shop',
    'what is your phone number for customer service',
  ],
  ticket_status: [
    "what's the latest on my ticket T-5512",
    'has my support case been looked at',
    'any progress on the ticket I opened',
  ],
  update_contact: [
    'please change my email to new.me@example.com',
    'I need to update my mobile number',
    'my address changed, can you update it',
  ],
  pricing_discount: [
    'do you have a discount code for new customers',
    'is there a sale going on right now',
    'my coupon code is not working',
  ],
  out_of_scope: [
    "what's the weather going to be like on sunday",
    'tell me a funny joke',
    'who should I vote for',
    'help me debug my java program',
    'what is the capital of france',
  ],
};

describe('the default intents, classified by the trained default model', () => {
  let classifier: IntentClassifier;
  before(async () => {
    classifier = await defaultIntentModel();
  });

  it('has held-out examples for every intent, none of them in the training data', async () => {
    const data = await defaultIntentData();
    for (const intent of data.intents)
      expect(HELD_OUT[intent.name]?.length ?? 0, intent.name).to.be.at.least(3);
    const trained = new Set([...data.intents.flatMap((i) => i.examples), ...data.outOfScope].map(phraseKey));
    for (const phrase of Object.values(HELD_OUT).flat())
      expect(trained.has(phraseKey(phrase)), phrase).to.equal(false);
  });

  for (const [intent, phrases] of Object.entries(HELD_OUT)) {
    for (const phrase of phrases) {
      it(`"${phrase}" → ${intent}`, () => {
        expect(classifier.classify(phrase).intent.name).to.equal(intent);
      });
    }
  }
});
