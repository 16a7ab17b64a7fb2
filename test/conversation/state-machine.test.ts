import { expect } from 'chai';
import {
  IllegalTransitionError,
  canTransition,
  transition,
  type OwnershipEvent,
} from '../../server/conversation/state-machine.ts';
import type { ConversationStatus } from '../../server/contracts/visitor-events.ts';

describe('conversation ownership state machine', () => {
  it('walks the hand-off path bot → waiting_agent → agent → resolved → bot', () => {
    let status: ConversationStatus = 'bot';
    status = transition(status, 'escalate');
    expect(status).to.equal('waiting_agent');
    status = transition(status, 'assign');
    expect(status).to.equal('agent');
    status = transition(status, 'resolve');
    expect(status).to.equal('resolved');
    status = transition(status, 'reopen');
    expect(status).to.equal('bot');
  });

  it('lets an agent take a conversation over from the bot and hand it back', () => {
    expect(transition('bot', 'assign')).to.equal('agent');
    expect(transition('agent', 'hand_back')).to.equal('bot');
  });

  it('lets a waiting visitor go back to the bot', () => {
    expect(transition('waiting_agent', 'hand_back')).to.equal('bot');
  });

  const illegal: Array<[ConversationStatus, OwnershipEvent]> = [
    ['bot', 'reopen'],
    ['bot', 'hand_back'],
    ['waiting_agent', 'escalate'],
    ['waiting_agent', 'reopen'],
    ['agent', 'assign'],
    ['agent', 'reopen'],
    ['resolved', 'escalate'],
    ['resolved', 'assign'],
    ['resolved', 'resolve'],
    ['resolved', 'hand_back'],
  ];
  for (const [from, event] of illegal) {
    it(`refuses "${event}" from "${from}"`, () => {
      expect(canTransition(from, event)).to.equal(false);
      expect(() => transition(from, event))
        .to.throw(IllegalTransitionError)
        .with.property('from', from);
    });
  }
});
