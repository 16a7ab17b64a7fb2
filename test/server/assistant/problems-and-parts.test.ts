import { expect } from 'chai';
import { dialogueAct } from '../../../nlp/dialogue/act.ts';
import { messageParts } from '../../../server/assistant/other-questions.ts';
import { problemIntent } from '../../../server/assistant/problem-ticket.ts';

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
    expect(problemIntent('it arrived two weeks late and the box was damaged')).to.equal('complaint');
    expect(problemIntent('do you ship to Canada?')).to.equal(null);
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
