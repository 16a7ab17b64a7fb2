import { expect } from 'chai';
import { dialogueAct } from '../../nlp/dialogue/act.ts';

describe('question, request or problem', () => {
  const cases: Array<[string, ReturnType<typeof dialogueAct>]> = [
    ['what is your return policy?', 'question'],
    ['can I pay with PayPal?', 'question'],
    ['how long do refunds take', 'question'],
    ['can I cancel an order after placing it?', 'question'],
    ['is return shipping free?', 'question'],
    ['do you accept american express?', 'question'],
    ['I want to return my order', 'request'],
    ["I'd like to cancel my order", 'request'],
    ['please cancel my order ORD-11331', 'request'],
    ['cancel order 11331', 'request'],
    ['can you refund me for the kettle?', 'request'],
    ['I want a refund for order ORD-10020', 'request'],
    ['My earbuds arrived broken and I want a refund', 'problem'],
    ['I was charged twice for my order', 'problem'],
    ['the charging cable was missing from my parcel', 'problem'],
    ['the speaker stopped working after two days', 'problem'],
    ['my package never arrived', 'problem'],
    ['the monitor screen is cracked', 'problem'],
    // How things work for any order is a question; asking about one's own order is a request.
    ['can you cancel an order after it has shipped?', 'question'],
    ['do you refund items bought on sale?', 'question'],
    ['can you cancel my order?', 'request'],
    ['could you send me a replacement?', 'request'],
    // A fault that developed in use, and a warranty claim, are problems.
    ["I'd like to make a warranty claim, my grinder doesn't grind anymore", 'problem'],
    ['the left side has no sound', 'problem'],
    ['order 1234 came with a cracked screen protector', 'problem'],
  ];
  for (const [text, act] of cases) {
    it(`reads "${text}" as a ${act}`, () => {
      expect(dialogueAct(text)).to.equal(act);
    });
  }
});
