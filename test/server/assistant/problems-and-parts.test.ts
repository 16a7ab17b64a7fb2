import { expect } from 'chai';
import { dialogueAct } from '../../../nlp/dialogue/act.ts';
import { messageParts } from '../../../server/assistant/other-questions.ts';
import { problemCategory, problemIntent, problemKind } from '../../../server/assistant/problem-ticket.ts';

describe('problems without the word "ticket" (server/assistant/problem-ticket.ts)', () => {
  it('routes what went wrong to the team that handles it', () => {
    expect(problemIntent('hi, looks like you charged my card twice')).to.equal('payment_issue');
    expect(problemIntent("I returned it 3 weeks ago and still haven't got my money back")).to.equal(
      'payment_issue',
    );
    expect(problemIntent('my order arrived damaged')).to.equal('return_refund');
    expect(problemIntent("my power bank won't charge anymore")).to.equal('return_refund');
    expect(problemIntent('I ordered a webcam but got a ring light instead')).to.equal('return_refund');
    expect(problemIntent('the package never came')).to.equal('complaint');
    expect(problemIntent('it arrived two weeks late and the box was damaged')).to.equal('return_refund');
    expect(problemIntent('the box was crushed and the cable was missing')).to.equal('complaint');
    expect(problemIntent('do you ship to Canada?')).to.equal(null);
  });

  it('tells a damaged, a missing and a failed item apart', () => {
    const kinds: Array<[string, ReturnType<typeof problemKind>]> = [
      ['the glass mugs arrived cracked', 'damaged'],
      ['my monitor came with a smashed screen', 'damaged'],
      ['the speaker was broken out of the box', 'damaged'],
      ['my parcel never arrived', 'missing'],
      ['the filters were missing from the box', 'missing'],
      ["I still haven't received my order", 'missing'],
      ['my headphones stopped working after 8 months', 'warranty'],
      ["the grinder doesn't grind anymore", 'warranty'],
      ["the headlamp I bought doesn't turn on", 'warranty'],
      ["I'd like to make a warranty claim", 'warranty'],
      ['I got a black case instead of the clear one', 'return'],
      ['charged twice for the same order', 'payment'],
      ['my order is 5 days late', 'complaint'],
      ['what are your opening hours?', null],
    ];
    for (const [text, kind] of kinds) expect(problemKind(text), text).to.equal(kind);
  });

  it('gives return and complaint tickets the category of what went wrong, a return when the money is asked back', () => {
    expect(problemCategory('complaint', 'my parcel never arrived')).to.equal('missing');
    expect(problemCategory('return_refund', 'the mug arrived chipped')).to.equal('damaged');
    expect(problemCategory('return_refund', 'the kettle stopped working after a year')).to.equal('warranty');
    expect(problemCategory('return_refund', 'My earbuds arrived broken and I want a refund')).to.equal(null);
    expect(problemCategory('complaint', 'your service is terrible')).to.equal(null);
    expect(problemCategory('payment_issue', 'charged twice, and the item arrived damaged')).to.equal(null);
  });

  it('reads them as problems, and a question about a hypothetical problem as a question', () => {
    for (const text of [
      'the package never came',
      'the zipper on my backpack broke after a week',
      'I ordered a webcam but got a ring light instead',
      "my power bank won't charge anymore",
    ])
      expect(dialogueAct(text), text).to.equal('problem');
    expect(dialogueAct('how long do refunds take?')).to.equal('question');
    expect(dialogueAct('what happens if my parcel never arrived?')).to.equal('question');
    expect(dialogueAct('what do I do if the item was damaged?')).to.equal('question');
    expect(dialogueAct('I want to send back the yoga mat')).to.equal('request');
  });
});

describe('several questions in one message (server/assistant/other-questions.ts)', () => {
  it('splits at sentence ends and at "and"/"also" before a new question', () => {
    expect(messageParts('how long does delivery take and can I pay with paypal?')).to.deep.equal([
      'how long does delivery take',
      'can I pay with paypal?',
    ]);
    expect(messageParts('please cancel order ORD-1. when would I get my money back?')).to.deep.equal([
      'please cancel order ORD-1.',
      'when would I get my money back?',
    ]);
    expect(messageParts('where is my order?')).to.deep.equal([]);
    expect(messageParts('I want to return and get a refund')).to.deep.equal([]);
  });
});
