import { expect } from 'chai';
import type { ChatMessage } from '../../server/contracts/visitor-events.ts';
import {
  expectsEmail,
  needsCatchUp,
  quickReplies,
  unreadCount,
} from '../../web-widget/src/app/store/selectors.ts';
import { initialState, type WidgetState } from '../../web-widget/src/app/store/state.ts';
import { mergeMessages, update, type WidgetEvent } from '../../web-widget/src/app/store/update.ts';

const CONVERSATION = 'c1';

function message(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    conversationId: CONVERSATION,
    seq,
    sender: seq % 2 === 1 ? 'visitor' : 'bot',
    text: `message ${seq}`,
    createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, seq)).toISOString(),
    ...overrides,
  };
}

function apply(state: WidgetState, ...events: WidgetEvent[]): WidgetState {
  return events.reduce(update, state);
}

/** A widget connected to conversation c1. */
function online(): WidgetState {
  return apply(initialState(), {
    type: 'session',
    session: { visitorToken: 't', conversationId: CONVERSATION, lastSeq: 0 },
  });
}

const seqs = (state: WidgetState) => state.messages.map((m) => m.seq);

describe('widget store: the transcript', () => {
  it('orders messages by seq whatever order they arrive in', () => {
    const state = apply(
      online(),
      { type: 'messages', messages: [message(3), message(1)] },
      {
        type: 'messages',
        messages: [message(2)],
      },
    );
    expect(seqs(state)).to.deep.equal([1, 2, 3]);
  });

  it('keeps one copy per id, the server copy replacing an earlier one', () => {
    const edited = message(2, { text: 'server copy' });
    const state = apply(
      online(),
      { type: 'messages', messages: [message(1), message(2)] },
      { type: 'messages', messages: [message(2), edited, message(1)] },
    );
    expect(state.messages.map((m) => [m.seq, m.text])).to.deep.equal([
      [1, 'message 1'],
      [2, 'server copy'],
    ]);
  });

  it('ignores messages of another conversation (a late event of a previous session)', () => {
    const state = apply(online(), {
      type: 'messages',
      messages: [message(1, { conversationId: 'old' })],
    });
    expect(state.messages).to.deep.equal([]);
  });

  it('leaves the list untouched (same array) when nothing arrives', () => {
    const current = [message(1)];
    expect(mergeMessages(current, [])).to.equal(current);
  });
});

describe('widget store: knowing what is missing (syncedSeq)', () => {
  it('advances through live messages that follow without a gap', () => {
    const state = apply(online(), { type: 'messages', messages: [message(1), message(2)] });
    expect(state.syncedSeq).to.equal(2);
    expect(needsCatchUp(state)).to.equal(false);
  });

  it('stops at a gap and asks for a catch-up', () => {
    const state = apply(online(), { type: 'messages', messages: [message(1), message(4)] });
    expect(state.syncedSeq).to.equal(1);
    expect(needsCatchUp(state)).to.equal(true);
  });

  it('a history page fills the gap, skips numbers never used, and shows each message once', () => {
    let state = apply(online(), { type: 'messages', messages: [message(1), message(4)] });
    // seq 2 was reserved for an answer that never came; 3 was missed while offline.
    state = apply(state, {
      type: 'history',
      afterSeq: 1,
      page: { messages: [message(3), message(4)], hasMore: false },
    });
    expect(seqs(state)).to.deep.equal([1, 3, 4]);
    expect(state.syncedSeq).to.equal(4);
    expect(needsCatchUp(state)).to.equal(false);
  });

  it('continues from the last message of a page when there are more', () => {
    const state = apply(online(), {
      type: 'history',
      afterSeq: 0,
      page: { messages: [message(1), message(2)], hasMore: true },
    });
    expect(state.syncedSeq).to.equal(2);
  });

  it('does not trust a page fetched from beyond what is known to be complete', () => {
    const state = apply(online(), {
      type: 'history',
      afterSeq: 5,
      page: { messages: [message(7)], hasMore: false },
    });
    expect(state.syncedSeq).to.equal(0);
    expect(needsCatchUp(state)).to.equal(true);
  });

  it('starts from an empty transcript when the session is another conversation', () => {
    let state = apply(online(), { type: 'messages', messages: [message(1), message(2)] });
    state = apply(state, {
      type: 'session',
      session: { visitorToken: 'u', conversationId: 'c2', lastSeq: 0, maxMessageLength: 500 },
    });
    expect(state.messages).to.deep.equal([]);
    expect(state.syncedSeq).to.equal(0);
    expect(state.conversationId).to.equal('c2');
    expect(state.maxLength).to.equal(500);
  });

  it('keeps the transcript when the same conversation reconnects', () => {
    let state = apply(online(), { type: 'messages', messages: [message(1)] }, { type: 'disconnected' });
    expect(state.connection).to.equal('reconnecting');
    state = apply(state, {
      type: 'session',
      session: { visitorToken: 't', conversationId: CONVERSATION, lastSeq: 3 },
    });
    expect(seqs(state)).to.deep.equal([1]);
    expect(state.connection).to.equal('online');
  });
});

describe('widget store: messages the visitor typed (pending)', () => {
  const typed = (id: string, text = 'hello') =>
    ({
      type: 'pending-added',
      pending: { clientMessageId: id, text, createdAt: '2026-12-01T10:00:00.000Z', state: 'queued' },
    }) as const;

  it('shows a typed message as pending until its ack, then as the stored message with its seq', () => {
    let state = apply(online(), typed('a'), { type: 'pending-sending', clientMessageId: 'a' });
    expect(state.pending.map((p) => p.state)).to.deep.equal(['sending']);
    state = apply(state, { type: 'pending-acked', clientMessageId: 'a', id: 'm1', seq: 1 });
    expect(state.pending).to.deep.equal([]);
    expect(state.messages).to.deep.equal([
      {
        id: 'm1',
        conversationId: CONVERSATION,
        seq: 1,
        sender: 'visitor',
        text: 'hello',
        createdAt: '2026-12-01T10:00:00.000Z',
      },
    ]);
    expect(state.syncedSeq).to.equal(1);
  });

  it('does not show a message twice when a catch-up brought it before its ack', () => {
    let state = apply(online(), typed('a'), { type: 'pending-sending', clientMessageId: 'a' });
    state = apply(state, {
      type: 'history',
      afterSeq: 0,
      page: { messages: [message(1, { id: 'm1', text: 'hello' })], hasMore: false },
    });
    state = apply(state, { type: 'pending-acked', clientMessageId: 'a', id: 'm1', seq: 1 });
    expect(state.messages.map((m) => m.id)).to.deep.equal(['m1']);
    expect(state.pending).to.deep.equal([]);
  });

  it('puts a message in flight back in the queue when the connection drops, to be resent', () => {
    const state = apply(
      online(),
      typed('a'),
      typed('b'),
      { type: 'pending-sending', clientMessageId: 'a' },
      { type: 'disconnected' },
    );
    expect(state.pending.map((p) => [p.clientMessageId, p.state])).to.deep.equal([
      ['a', 'queued'],
      ['b', 'queued'],
    ]);
  });

  it('marks a refused message failed with its error, and a retry queues it again', () => {
    const error = { code: 'RATE_LIMITED', message: 'Too many requests; try again later.' };
    let state = apply(online(), typed('a'), {
      type: 'pending-failed',
      clientMessageId: 'a',
      error,
      retry: false,
    });
    expect(state.pending[0]).to.include({ state: 'failed' });
    expect(state.pending[0]!.error).to.deep.equal(error);
    state = apply(state, { type: 'pending-retried', clientMessageId: 'a' });
    expect(state.pending[0]).to.include({ state: 'queued' });
    expect(state.pending[0]!.error).to.equal(undefined);
  });

  it('restores unsent messages after a reload as queued, failed ones as failed', () => {
    const state = initialState({
      pending: [
        { clientMessageId: 'a', text: 'x', createdAt: '2026-12-01T10:00:00.000Z', state: 'sending' },
        { clientMessageId: 'b', text: 'y', createdAt: '2026-12-01T10:00:01.000Z', state: 'failed' },
      ],
    });
    expect(state.pending.map((p) => p.state)).to.deep.equal(['queued', 'failed']);
  });

  it('keeps unsent messages through a refused token (new session) but not through a logout', () => {
    const withPending = apply(online(), typed('a'));
    expect(apply(withPending, { type: 'reset', keepPending: true }).pending).to.have.length(1);
    expect(apply(withPending, { type: 'reset' }).pending).to.deep.equal([]);
  });
});

describe('widget store: what the panel shows', () => {
  it('counts unread shop messages while closed; opening reads them', () => {
    let state = apply(online(), {
      type: 'messages',
      messages: [message(1), message(2), message(3, { sender: 'system' })],
    });
    expect(unreadCount(state)).to.equal(2);
    state = apply(state, { type: 'opened' });
    expect(unreadCount(state)).to.equal(0);
    expect(state.readSeq).to.equal(3);
    state = apply(state, { type: 'messages', messages: [message(4, { sender: 'agent' })] });
    expect(unreadCount(state)).to.equal(0);
  });

  it('offers quick replies and the email field only under the bot’s latest, unanswered message', () => {
    const asking = message(2, {
      sender: 'bot',
      expects: 'email',
      suggestions: [
        { type: 'quick_reply', text: 'Yes' },
        { type: 'product', productId: 'p1', title: 'Boots', price: 10 },
      ],
    });
    let state = apply(online(), { type: 'messages', messages: [message(1), asking] });
    expect(quickReplies(state).map((s) => s.text)).to.deep.equal(['Yes']);
    expect(expectsEmail(state)).to.equal(true);
    state = apply(state, {
      type: 'pending-added',
      pending: { clientMessageId: 'a', text: 'Yes', createdAt: '2026-12-01T10:00:00.000Z', state: 'queued' },
    });
    expect(quickReplies(state)).to.deep.equal([]);
    expect(expectsEmail(state)).to.equal(false);
  });

  it('ends the bot’s typing indicator with its message', () => {
    let state = apply(online(), { type: 'typing', payload: { sender: 'bot', isTyping: true } });
    expect(state.typing.bot).to.equal(true);
    state = apply(state, { type: 'messages', messages: [message(2)] });
    expect(state.typing.bot).to.equal(false);
  });

  it('asks for a rating once resolved, knows it after rating, and forgets it when reopened', () => {
    const resolved = { conversationId: CONVERSATION, status: 'resolved' } as const;
    let state = apply(online(), { type: 'conversation-updated', update: resolved });
    expect(state.rating.value).to.equal(null);
    state = apply(state, { type: 'rating-sending', value: 4 });
    // A status repeat while the rating is on its way does not lose it.
    state = apply(state, { type: 'conversation-updated', update: resolved });
    expect(state.rating).to.deep.equal({ value: 4, sending: true, error: null });
    state = apply(state, { type: 'rating-sent', value: 4 });
    expect(state.rating).to.deep.equal({ value: 4, sending: false, error: null });
    state = apply(state, {
      type: 'conversation-updated',
      update: { conversationId: CONVERSATION, status: 'bot' },
    });
    expect(state.rating.value).to.equal(null);
    state = apply(state, { type: 'conversation-updated', update: { ...resolved, rating: 5 } });
    expect(state.rating.value).to.equal(5);
  });

  it('ignores status updates of another conversation', () => {
    const state = apply(online(), {
      type: 'conversation-updated',
      update: { conversationId: 'other', status: 'agent', agent: { name: 'Sam' } },
    });
    expect(state.status).to.equal(null);
  });
});
