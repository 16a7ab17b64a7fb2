import { expect } from 'chai';
import { ask, fetchHistory, startChatHarness, type ChatHarness } from './support/chat-harness.ts';

describe('visitor protocol limits (history:fetch)', () => {
  let chat: ChatHarness;
  let reads = 0;

  before(async () => {
    chat = await startChatHarness({
      rateLimits: {
        perVisitor: { burst: 50, refillPerSecond: 2 },
        perIp: { burst: 1000, refillPerSecond: 100 },
        historyPerVisitor: { burst: 10, refillPerSecond: 1 },
        // Every test client speaks from 127.0.0.1: a wide address bucket stands for visitors on their own
        // addresses, so that only the per-visitor limit is under test here.
        historyPerIp: { burst: 100_000, refillPerSecond: 1000 },
      },
    });
    const messages = chat.db.repositories.messages;
    const listAfterSeq = messages.listAfterSeq.bind(messages);
    messages.listAfterSeq = (...args) => {
      reads += 1;
      return listAfterSeq(...args);
    };
  });
  after(async () => {
    await chat.stop();
  });

  it('refuses a flood of 2,000 fetches from one visitor with RATE_LIMITED, unread, while another visitor chats and fetches', async () => {
    const flooder = (await chat.visitor()).socket;
    const calm = (await chat.visitor()).socket;
    chat.analyser.when('hello', { intent: 'greeting' });
    reads = 0;

    const flood = Promise.all(Array.from({ length: 2000 }, () => fetchHistory(flooder, 0)));
    const served = await ask(calm, 'calm-1', 'hello');
    const calmHistory = await fetchHistory(calm, 0);
    const acks = await flood;

    expect(served.reply.sender).to.equal('bot');
    expect(calmHistory.ok).to.equal(true);
    const admitted = acks.filter((ack) => ack.ok).length;
    // 10 from the full bucket, plus a refill or two if a second ticks over during the test.
    expect(admitted).to.be.within(10, 13);
    expect(acks.every((ack) => ack.ok || ack.error.code === 'RATE_LIMITED')).to.equal(true);
    // The refused fetches never reached the database: the admitted ones and the calm visitor's only.
    expect(reads).to.equal(admitted + 1);
  });

  it('lets the visitor fetch again once the bucket refills', async () => {
    const { socket } = await chat.visitor();
    const first = await Promise.all(Array.from({ length: 12 }, () => fetchHistory(socket, 0)));
    expect(first.filter((ack) => !ack.ok).length).to.be.at.least(1);
    // Waiting for the refill is the behaviour under test; bounded by the 1 token/s rate.
    let again = await fetchHistory(socket, 0);
    for (let attempt = 0; !again.ok && attempt < 30; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await fetchHistory(socket, 0);
    }
    expect(again.ok).to.equal(true);
  });
});
