import { expect } from 'chai';
import {
  DEFAULT_ESCALATION_SETTINGS,
  decideEscalation,
  type EscalationInput,
} from '../../server/conversation/escalation-policy.ts';

const calm: EscalationInput = {
  intent: 'order_status',
  recentSentiment: [0.2, 0, 0.1],
  failedUnderstandingCount: 0,
  contactValue: 0,
};

describe('escalation policy', () => {
  it('keeps an ordinary conversation with the bot', () => {
    expect(decideEscalation(calm)).to.equal(null);
  });

  it('escalates when the visitor asks for a human', () => {
    expect(decideEscalation({ ...calm, intent: 'human_agent' })).to.equal('requested_human');
  });

  it('escalates when the last K messages are all strongly negative', () => {
    expect(decideEscalation({ ...calm, recentSentiment: [0.4, -0.6, -0.8, -0.5] })).to.equal(
      'negative_sentiment',
    );
  });

  it('escalates a visitor who keeps complaining, even when each message is only mildly negative', () => {
    const angry = { ...calm, intent: 'complaint', recentSentiment: [-0.16, -0.27, -0.18] };
    expect(decideEscalation({ ...angry, recentComplaints: [false, true, true] })).to.equal(
      'negative_sentiment',
    );
    // Not when most of them were no complaint, the latest was none, or one of them was not negative at all.
    expect(decideEscalation({ ...angry, recentComplaints: [false, false, true] })).to.equal(null);
    expect(decideEscalation({ ...angry, recentComplaints: [true, true, false] })).to.equal(null);
    expect(
      decideEscalation({ ...angry, recentSentiment: [-0.3, 0, -0.3], recentComplaints: [true, true, true] }),
    ).to.equal(null);
    // Without the complaints the mild scores alone never escalate.
    expect(decideEscalation(angry)).to.equal(null);
  });

  it('does not escalate on negative sentiment that has not lasted K messages', () => {
    expect(decideEscalation({ ...calm, recentSentiment: [-0.9, -0.9] })).to.equal(null);
    expect(decideEscalation({ ...calm, recentSentiment: [-0.9, 0.1, -0.9] })).to.equal(null);
  });

  it('escalates after N consecutive failures to understand, N configurable', () => {
    expect(decideEscalation({ ...calm, intent: 'out_of_scope', failedUnderstandingCount: 2 })).to.equal(null);
    expect(decideEscalation({ ...calm, intent: 'out_of_scope', failedUnderstandingCount: 3 })).to.equal(
      'not_understood',
    );
    const patient = { ...DEFAULT_ESCALATION_SETTINGS, maxFailedUnderstanding: 5 };
    expect(decideEscalation({ ...calm, failedUnderstandingCount: 4 }, patient)).to.equal(null);
  });

  it('escalates a complaint from a high-value contact but not from an ordinary one', () => {
    expect(decideEscalation({ ...calm, intent: 'complaint', contactValue: 1500 })).to.equal(
      'high_value_complaint',
    );
    expect(decideEscalation({ ...calm, intent: 'complaint', contactValue: 20 })).to.equal(null);
  });

  it('records the explicit request when several reasons hold', () => {
    expect(
      decideEscalation({
        intent: 'human_agent',
        recentSentiment: [-1, -1, -1],
        failedUnderstandingCount: 9,
        contactValue: 9999,
      }),
    ).to.equal('requested_human');
  });
});
