import { expect } from 'chai';
import type { AgentMessage, ConversationListItem, PrivateNote } from '../../server/contracts/agent-events.ts';
import { fileItem, matchesFilters, viewOf } from '../../web-console/src/state/inbox.ts';
import { initialState } from '../../web-console/src/state/state.ts';
import { mergeEntries } from '../../web-console/src/state/transcript.ts';
import { unreadIn, update } from '../../web-console/src/state/update.ts';

const SELF = { id: 'a1', name: 'Sam', email: 'sam@shop.test', role: 'agent' as const };

function item(id: string, changes: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id,
    status: 'waiting_agent',
    visitor: { contactId: `c-${id}`, name: `Visitor ${id}`, emails: [], phones: [] },
    assignee: null,
    waitingSince: '2026-12-05T06:00:00.000Z',
    queuePosition: 1,
    escalationReason: 'requested_human',
    sentiment: null,
    priority: null,
    unreadCount: 0,
    lastMessage: null,
    rating: null,
    updatedAt: '2026-12-05T06:00:00.000Z',
    resolvedAt: null,
    ...changes,
  };
}

function message(seq: number, changes: Partial<AgentMessage> = {}): AgentMessage {
  return {
    kind: 'message',
    id: `m${seq}`,
    conversationId: 'x',
    seq,
    sender: 'visitor',
    text: `message ${seq}`,
    createdAt: new Date(Date.UTC(2026, 11, 5, 6, 0, seq)).toISOString(),
    ...changes,
  };
}

const note = (id: string, afterSeq: number): PrivateNote => ({
  kind: 'note',
  id,
  conversationId: 'x',
  afterSeq,
  author: { id: 'a1', name: 'Sam' },
  text: `note ${id}`,
  createdAt: new Date(Date.UTC(2026, 11, 5, 6, 0, afterSeq, 500)).toISOString(),
});

const noFilters = { q: '', priority: '' as const, reason: '' };

describe('the console store (pure functions, no browser)', () => {
  describe('which view a conversation is in', () => {
    it('puts waiting ones in the queue, my own in Mine, bot ones in Live, resolved ones in Resolved', () => {
      expect(viewOf(item('1'), 'a1')).to.equal('queue');
      expect(viewOf(item('1', { status: 'agent', assignee: { id: 'a1', name: 'Sam' } }), 'a1')).to.equal(
        'mine',
      );
      expect(viewOf(item('1', { status: 'agent', assignee: { id: 'a2', name: 'Kim' } }), 'a1')).to.equal(
        null,
      );
      expect(viewOf(item('1', { status: 'bot' }), 'a1')).to.equal('live');
      expect(viewOf(item('1', { status: 'resolved' }), 'a1')).to.equal('resolved');
    });

    it('moves a taken conversation out of the queue into Mine, and keeps the queue oldest first', () => {
      let lists = { queue: [], mine: [], live: [], resolved: [] } as Record<string, ConversationListItem[]>;
      lists = fileItem(
        lists as never,
        item('b', { waitingSince: '2026-12-05T06:05:00.000Z' }),
        'a1',
        noFilters,
      );
      lists = fileItem(
        lists as never,
        item('a', { waitingSince: '2026-12-05T06:01:00.000Z' }),
        'a1',
        noFilters,
      );
      expect(lists.queue!.map((i) => i.id)).to.deep.equal(['a', 'b']);
      lists = fileItem(
        lists as never,
        item('a', { status: 'agent', assignee: { id: 'a1', name: 'Sam' } }),
        'a1',
        noFilters,
      );
      expect(lists.queue!.map((i) => i.id)).to.deep.equal(['b']);
      expect(lists.mine!.map((i) => i.id)).to.deep.equal(['a']);
    });

    it('leaves out a changed conversation that the filters hide', () => {
      const urgent = item('u', { priority: 'urgent' });
      expect(matchesFilters(urgent, { ...noFilters, priority: 'low' })).to.equal(false);
      expect(matchesFilters(urgent, { ...noFilters, q: 'visitor U' })).to.equal(true);
      const lists = fileItem({ queue: [], mine: [], live: [], resolved: [] }, urgent, 'a1', {
        ...noFilters,
        priority: 'low',
      });
      expect(lists.queue).to.deep.equal([]);
    });
  });

  describe('unread counts', () => {
    it('counts visitor messages in conversations not on screen, and clears them when opened', () => {
      let state = update(initialState(), {
        type: 'self',
        self: { ...SELF, presence: 'online', capacity: 3, activeCount: 1 },
      });
      const mine = item('x', { status: 'agent', assignee: { id: 'a1', name: 'Sam' } });
      state = update(state, { type: 'inbox-page', page: { view: 'mine', items: [mine] } });
      state = update(state, { type: 'message', message: message(1) });
      state = update(state, { type: 'message', message: message(2, { sender: 'agent' }) });
      state = update(state, { type: 'message', message: message(3) });
      expect(state.unread.x).to.equal(2);
      expect(unreadIn(state, 'mine')).to.equal(2);
      state = update(state, { type: 'opening', conversationId: 'x' });
      state = update(state, {
        type: 'opened',
        detail: {
          conversation: mine,
          transcript: [message(1), message(3)],
          hasMoreBefore: false,
          context: {
            contact: { contactId: 'c', name: null, emails: [], phones: [], attributes: {} },
            orders: [],
            tickets: [],
            pastConversations: [],
          },
        },
      });
      expect(unreadIn(state, 'mine')).to.equal(0);
      // On screen, a new visitor message joins the transcript and is not counted.
      state = update(state, { type: 'message', message: message(4) });
      expect(state.unread.x).to.equal(0);
      expect(state.open!.transcript.map((e) => e.id)).to.deep.equal(['m1', 'm3', 'm4']);
    });
  });

  describe('the transcript', () => {
    it('orders by seq, puts a note after the message it follows, and keeps one copy per id', () => {
      const merged = mergeEntries(
        [message(3), note('n1', 1)],
        [message(1), message(2), message(3, { text: 'same id' }), note('n1', 1)],
      );
      expect(merged.map((e) => e.id)).to.deep.equal(['m1', 'n1', 'm2', 'm3']);
      expect(merged.filter((e) => e.id === 'm3')).to.have.length(1);
    });
  });
});
