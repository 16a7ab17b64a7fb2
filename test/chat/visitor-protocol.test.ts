import { expect } from 'chai';
import { io as connect } from 'socket.io-client';
import { signToken } from '../../server/auth/token.ts';
import type { ChatMessage } from '../../server/contracts/visitor-events.ts';
import { TEST_SECRET } from '../support/app.ts';
import {
  ask,
  next,
  send,
  fetchHistory,
  startChatHarness,
  type ChatHarness,
  type VisitorClient,
} from './support/chat-harness.ts';

describe('visitor protocol (/visitor over socket.io)', () => {
  let chat: ChatHarness;

  before(async () => {
    chat = await startChatHarness();
  });
  after(async () => {
    await chat.stop();
  });

  describe('handshake', () => {
    it('gives a new visitor a signed token, a contact and an empty conversation', async () => {
      const { session } = await chat.visitor();
      expect(session.visitorToken)
        .to.be.a('string')
        .and.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(session.lastSeq).to.equal(0);
      const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
      expect(conversation?.status).to.equal('bot');
      const contact = await chat.db.repositories.contacts.findById(conversation!.contactId);
      expect(contact?.visitorIds).to.have.length(1);
    });

    it('resumes the same conversation when the visitor comes back with the token', async () => {
      const first = await chat.visitor();
      await ask(first.socket, 'resume-1', 'hello there');
      const again = await chat.visitor({ visitorToken: first.session.visitorToken });
      expect(again.session.conversationId).to.equal(first.session.conversationId);
      expect(again.session.lastSeq).to.equal(2);
    });

    it('refuses a forged token', async () => {
      const { session } = await chat.visitor();
      const forged = `${session.visitorToken.slice(0, -4)}AAAA`;
      const error = await chat.visitor({ visitorToken: forged }).then(
        () => null,
        (e: Error & { data?: { code: string } }) => e,
      );
      expect(error?.message).to.equal('INVALID_TOKEN');
      expect(error?.data?.code).to.equal('INVALID_TOKEN');
    });

    it('refuses a token signed for another role', async () => {
      const agentToken = signToken({ sub: 'someone', role: 'agent' }, TEST_SECRET, 600);
      const error = await chat.visitor({ visitorToken: agentToken }).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).to.equal('INVALID_TOKEN');
    });

    it('refuses a page from an origin that is not a configured widget origin', async () => {
      const socket = connect(`${chat.url}/visitor`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin: 'https://evil.example' },
      });
      try {
        const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
        expect(error).to.be.instanceOf(Error);
      } finally {
        socket.disconnect();
      }
    });

    it('accepts a configured widget origin', async () => {
      const { session } = await chat.visitor({}, { origin: 'https://shop.example' });
      expect(session.conversationId).to.be.a('string');
    });
  });

  describe('message:send', () => {
    it('acks with the stored id and sequence number, and the bot answers', async () => {
      chat.analyser.when('what are your opening hours?', { intent: 'store_info' });
      const { socket } = await chat.visitor();
      const { ack, reply } = await ask(socket, 'hours-1', 'what are your opening hours?');
      expect(ack.seq).to.equal(1);
      expect(reply).to.include({ sender: 'bot', seq: 2, intent: 'store_info' });
      expect(reply.text).to.equal('We are open 9:00 to 18:00, Monday to Saturday.');
      const stored = await chat.db.repositories.messages.findById(ack.id);
      expect(stored?.text).to.equal('what are your opening hours?');
      expect((stored?.nlp as { intent: { name: string } }).intent.name).to.equal('store_info');
    });

    it('stores a resent clientMessageId once and returns the original ack', async () => {
      const { socket, session } = await chat.visitor();
      const first = await ask(socket, 'dup-1', 'hello');
      const again = await send(socket, 'dup-1', 'hello');
      expect(again).to.deep.equal({ ok: true, data: first.ack });
      const page = await chat.db.repositories.messages.listAfterSeq(session.conversationId, 0, 100);
      expect(page.items.filter((m) => m.sender === 'visitor')).to.have.length(1);
      expect(page.items).to.have.length(2);
    });

    it("echoes the visitor's message to the visitor's other tabs, not to the sending tab", async () => {
      const tab1 = await chat.visitor();
      const tab2 = await chat.visitor({ visitorToken: tab1.session.visitorToken });
      const echoed = next(tab2.socket, 'message:created', (m) => m.sender === 'visitor');
      const seenBySender: ChatMessage[] = [];
      tab1.socket.on('message:created', (m) => seenBySender.push(m));
      const { reply } = await ask(tab1.socket, 'tabs-1', 'hello from tab one');
      expect((await echoed).text).to.equal('hello from tab one');
      expect(seenBySender.map((m) => m.sender)).to.deep.equal(['bot']);
      expect(reply.sender).to.equal('bot');
    });

    it('stores and echoes an HTML/script payload verbatim, as text', async () => {
      const payload = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';
      const tab1 = await chat.visitor();
      const tab2 = await chat.visitor({ visitorToken: tab1.session.visitorToken });
      const echoed = next(tab2.socket, 'message:created', (m) => m.sender === 'visitor');
      const ack = await send(tab1.socket, 'html-1', payload);
      expect(ack.ok).to.equal(true);
      expect((await echoed).text).to.equal(payload);
      const stored = await chat.db.repositories.messages.findById(ack.ok ? ack.data.id : '');
      expect(stored?.text).to.equal(payload);
    });

    it('refuses a message over the length cap with MESSAGE_TOO_LONG before any NLP runs', async () => {
      const { socket } = await chat.visitor();
      const before = chat.analyser.calls.length;
      const ack = await send(socket, 'long-1', 'a!'.repeat(1001));
      expect(ack).to.deep.include({ ok: false });
      expect(!ack.ok && ack.error.code).to.equal('MESSAGE_TOO_LONG');
      expect(chat.analyser.calls.length).to.equal(before);
    });

    it('answers malformed payloads with INVALID_PAYLOAD and keeps the socket serving', async () => {
      const { socket } = await chat.visitor();
      const raw = socket as unknown as {
        timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
      };
      for (const payload of [
        null,
        'text',
        { text: 'no id' },
        { clientMessageId: 'x', text: 42 },
        { clientMessageId: '', text: 'a' },
        { clientMessageId: 'x', text: '   ' },
      ]) {
        const ack = (await raw.timeout(5000).emitWithAck('message:send', payload)) as {
          ok: boolean;
          error?: { code: string };
        };
        expect(ack.ok, JSON.stringify(payload)).to.equal(false);
        expect(ack.error?.code).to.equal('INVALID_PAYLOAD');
      }
      const history = (await raw.timeout(5000).emitWithAck('history:fetch', { afterSeq: -1 })) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(history.error?.code).to.equal('INVALID_PAYLOAD');
      // An event without an ack function cannot be answered; it must not break the socket either.
      (socket as unknown as { emit(event: string, payload: unknown): void }).emit('message:send', {
        clientMessageId: 'no-ack',
        text: 'hello',
      });
      const { reply } = await ask(socket, 'after-malformed', 'hello');
      expect(reply.sender).to.equal('bot');
    });
  });

  describe('history:fetch', () => {
    it('pages the messages after a sequence number in ascending order', async () => {
      const { socket } = await chat.visitor();
      for (let i = 1; i <= 3; i += 1) await ask(socket, `page-${i}`, `message ${i}`);
      const first = await fetchHistory(socket, 0, 4);
      expect(first.ok).to.equal(true);
      if (!first.ok) return;
      expect(first.data.messages.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
      expect(first.data.hasMore).to.equal(true);
      const rest = await fetchHistory(socket, 4, 4);
      expect(rest.ok && rest.data.messages.map((m) => m.seq)).to.deep.equal([5, 6]);
      expect(rest.ok && rest.data.hasMore).to.equal(false);
    });

    it('lets a client that disconnected mid-conversation replay exactly what it missed', async () => {
      for (const text of ['first', 'second', 'third']) chat.analyser.when(text, { intent: 'thanks' });
      const tab = await chat.visitor();
      await ask(tab.socket, 'replay-1', 'first');
      const seen: number[] = [];
      const other = await chat.visitor({ visitorToken: tab.session.visitorToken });
      other.socket.on('message:created', (m) => seen.push(m.seq));
      // The watching tab drops; the conversation goes on without it.
      other.socket.disconnect();
      const lastSeen = 2;
      await ask(tab.socket, 'replay-2', 'second');
      await ask(tab.socket, 'replay-3', 'third');
      const back = await chat.visitor({ visitorToken: tab.session.visitorToken });
      const missed = await fetchHistory(back.socket, lastSeen);
      expect(missed.ok && missed.data.messages.map((m) => [m.seq, m.sender, m.text])).to.deep.equal([
        [3, 'visitor', 'second'],
        [4, 'bot', "You're welcome!"],
        [5, 'visitor', 'third'],
        [6, 'bot', "You're welcome!"],
      ]);
      expect(missed.ok && missed.data.hasMore).to.equal(false);
      expect(back.session.lastSeq).to.equal(6);
      expect(seen).to.deep.equal([]);
    });
  });

  describe('bursts and limits', () => {
    it('persists a burst of 50 messages from one visitor, all in order', async () => {
      const { socket, session } = await chat.visitor();
      const acks = await Promise.all(
        Array.from({ length: 50 }, (_, i) => send(socket, `burst-${i}`, `burst message ${i}`)),
      );
      expect(acks.every((a) => a.ok)).to.equal(true);
      const visitorSeqs = acks.map((a) => (a.ok ? a.data.seq : -1));
      expect(
        [...visitorSeqs].sort((a, b) => a - b),
        'sequence follows send order',
      ).to.deep.equal(visitorSeqs);
      const page = await chat.db.repositories.messages.listAfterSeq(session.conversationId, 0, 200);
      const texts = page.items.filter((m) => m.sender === 'visitor').map((m) => m.text);
      expect(texts).to.deep.equal(Array.from({ length: 50 }, (_, i) => `burst message ${i}`));
    });
  });
});

describe('visitor protocol limits (tight rate limits)', () => {
  let chat: ChatHarness;

  before(async () => {
    chat = await startChatHarness({
      rateLimits: {
        perVisitor: { burst: 10, refillPerSecond: 1 },
        perIp: { burst: 1000, refillPerSecond: 100 },
      },
    });
  });
  after(async () => {
    await chat.stop();
  });

  it('refuses a flood over the limit with RATE_LIMITED while another visitor is served', async () => {
    const flooder: VisitorClient = (await chat.visitor()).socket;
    const calm = (await chat.visitor()).socket;
    const flood = Promise.all(Array.from({ length: 60 }, (_, i) => send(flooder, `flood-${i}`, `spam ${i}`)));
    const served = await ask(calm, 'calm-1', 'hello');
    const acks = await flood;
    const refused = acks.filter((a) => !a.ok);
    expect(acks.length - refused.length).to.be.within(10, 12);
    expect(refused.every((a) => !a.ok && a.error.code === 'RATE_LIMITED')).to.equal(true);
    expect(served.reply.sender).to.equal('bot');
  });
});

describe('visitor protocol limits (new visitors per address)', () => {
  let chat: ChatHarness;

  before(async () => {
    chat = await startChatHarness({
      rateLimits: {
        perVisitor: { burst: 50, refillPerSecond: 2 },
        perIp: { burst: 1000, refillPerSecond: 100 },
        newVisitorsPerIp: { burst: 3, refillPerSecond: 1 },
      },
    });
  });
  after(async () => {
    await chat.stop();
  });

  it('refuses tokenless handshakes over the limit, creating no contact for them, and still lets a known visitor back', async () => {
    const first = await chat.visitor();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        chat.visitor().then(
          () => 'connected',
          (error: Error & { data?: { code: string } }) => error.data?.code ?? error.message,
        ),
      ),
    );
    const connected = outcomes.filter((o) => o === 'connected').length;
    // Two left in the bucket, plus a refill or two if a second ticks over during the test.
    expect(connected).to.be.within(2, 4);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED').length).to.equal(8 - connected);
    const contacts = await chat.db.repositories.contacts.list({}, { page: 1, limit: 100 });
    expect(contacts.total).to.equal(1 + connected);

    const again = await chat.visitor({ visitorToken: first.session.visitorToken });
    expect(again.session.conversationId).to.equal(first.session.conversationId);
  });
});

describe('visitor protocol: typing indicator', () => {
  let chat: ChatHarness;

  before(async () => {
    chat = await startChatHarness({ slowSpendLookupMs: 500 });
  });
  after(async () => {
    await chat.stop();
  });

  it('shows the bot typing while a slow answer is prepared, and not for a fast one', async () => {
    const { socket } = await chat.visitor();
    const typing: Array<{ sender: string; isTyping: boolean }> = [];
    socket.on('typing', (t) => typing.push(t));
    chat.analyser.when('thanks', { intent: 'thanks' });
    await ask(socket, 'fast-1', 'thanks');
    expect(typing).to.deep.equal([]);

    chat.analyser.when('the zip broke', { intent: 'complaint' });
    const shown = new Promise((resolve) => socket.once('typing', resolve));
    const { reply } = await ask(socket, 'slow-1', 'the zip broke');
    expect(await shown).to.deep.equal({ sender: 'bot', isTyping: true });
    // A part that broke in use is a warranty problem (docs/conversation.md, round 4).
    expect(reply.ticket?.category).to.equal('warranty');
  });
});
