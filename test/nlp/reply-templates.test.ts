import { expect } from 'chai';
import { REPLY_KEYS, loadReplyTemplates, validateReplies } from '../../intents/replies.ts';
import { createReplies } from '../../server/replies/replies.ts';

describe('reply templates (intents/default/replies.json)', () => {
  it('has every reply the assistant uses, each with at least one variant and only placeholders it fills', async () => {
    const templates = await loadReplyTemplates();
    expect(Object.keys(templates).sort()).to.deep.equal(Object.keys(REPLY_KEYS).sort());
  });

  it('names the key, the variant and the allowed placeholders of a bad edit, and a missing or unknown key', () => {
    const problems = validateReplies({
      replies: { 'language.unsupported': ['Sorry {name}, English only.'], 'no.such.key': ['x'] },
    }).map((p) => p.message);
    expect(problems).to.include(
      'reply "language.unsupported" variant 1 uses {name}, which is never filled; use no placeholder',
    );
    expect(problems).to.include(
      'reply "no.such.key" is not used by the assistant: remove it or check its name',
    );
    expect(problems.some((m) => m.startsWith('reply "knowledge.answer" is missing'))).to.equal(true);
    expect(validateReplies({ replies: { 'language.unsupported': [] } })[0]?.message).to.contain(
      'at least one variant',
    );
  });

  it('varies the wording and never leaves a raw placeholder or a hole', async () => {
    const templates = await loadReplyTemplates();
    let i = 0;
    const sequence = [0, 0.99];
    const replies = createReplies(templates, () => sequence[i++ % 2]!);
    const first = replies.say('language.unsupported');
    const second = replies.say('language.unsupported');
    expect(first).not.to.equal(second);
    expect(replies.say('knowledge.answer_no_link', { answer: 'We ship to Canada.' })).to.equal(
      'We ship to Canada.',
    );
    const unfilled = replies.say('order.cancel_closed', { orderNumber: 'ORD-1' });
    expect(unfilled).not.to.match(/[{}]/);
    expect(unfilled).to.contain('ORD-1');
  });
});
