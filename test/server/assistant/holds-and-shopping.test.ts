import { expect } from 'chai';
import { loadReplyTemplates } from '../../../intents/replies.ts';
import type { MessageAnalysis } from '../../../server/conversation/analysis.ts';
import { acknowledgementIntent, holdTurn, shoppingIntent } from '../../../server/conversation/assistant.ts';
import type { ProductRecord } from '../../../server/data/records.ts';
import { createReplies, type Replies } from '../../../server/replies/replies.ts';

const analysis = (text: string, entities: MessageAnalysis['entities'] = []): MessageAnalysis => ({
  text,
  entities,
  sentiment: { score: 0, label: 'neutral' },
  intent: { name: 'human_agent', confidence: 0.5 },
});

const speaker = {
  id: 'p1',
  name: 'Boom Portable Speaker',
  tags: ['speaker', 'outdoor'],
  category: 'audio',
  active: true,
} as unknown as ProductRecord;

const budget = { type: 'price_range', value: { max: 80 }, text: '80 max', start: 0, end: 0 };

describe('pauses while a number is awaited, and shopping heard as a call for a person', () => {
  let replies: Replies;
  before(async () => {
    replies = createReplies(await loadReplyTemplates(), () => 0);
  });

  it('keeps the order-number question open on "hang on, let me look"', () => {
    const waiting = { slot: 'order_number' };
    expect(holdTurn(waiting, analysis('hang on let me look'), replies)?.outcome).to.equal('hold');
    expect(holdTurn(waiting, analysis('one sec'), replies)?.text).to.contain('order number');
    // A new question after "wait", another pending question, or the number itself are no pause.
    expect(holdTurn(waiting, analysis('wait, do you sell tents?'), replies)).to.equal(null);
    expect(holdTurn({ slot: 'email' }, analysis('hang on'), replies)).to.equal(null);
    expect(holdTurn(null, analysis('hang on'), replies)).to.equal(null);
  });

  it('reads a kind of product with a budget, or a demand without a word for a person, as shopping', () => {
    expect(shoppingIntent('human_agent', true, analysis('I need a speaker asap'), [speaker])).to.equal(
      'product_recommendation',
    );
    expect(
      shoppingIntent('out_of_scope', false, analysis('speaker now, 80 max', [budget]), [speaker]),
    ).to.equal('product_recommendation');
    expect(
      shoppingIntent('human_agent', true, analysis('I need a person about my speaker'), [speaker]),
    ).to.equal(undefined);
    expect(shoppingIntent('out_of_scope', false, analysis('I need it asap'), [speaker])).to.equal(undefined);
    expect(
      shoppingIntent('order_status', true, analysis('speaker order, 80 max', [budget]), [speaker]),
    ).to.equal(undefined);
  });

  it('serves an acknowledgement the classifier took for a goodbye as thanks, a farewell as goodbye', () => {
    for (const text of ['ok thx', 'ok thanks', 'cool, cheers', 'great thank you', 'perfect'])
      expect(acknowledgementIntent('goodbye', text), text).to.equal('thanks');
    for (const text of [
      'ok bye',
      'thanks, that is all, see you',
      "alright, I'm out",
      'ok goodnight',
      "ok, I'm off",
    ])
      expect(acknowledgementIntent('goodbye', text), text).to.equal(undefined);
    // Only a goodbye is read again: "ok thx" the classifier already took for thanks stays as it is.
    expect(acknowledgementIntent('order_status', 'ok thx')).to.equal(undefined);
  });
});
