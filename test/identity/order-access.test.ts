import { expect } from 'chai';
import type { ProductRecord } from '../../server/data/records.ts';
import { DEFAULT_ORDER_ACCESS } from '../../server/identity/order-access.ts';
import {
  ask,
  send,
  startChatHarness,
  type ChatHarness,
  type VisitorClient,
} from '../chat/support/chat-harness.ts';
import { addOrder, addProducts } from '../chat/support/shop-fixtures.ts';
import { recordingLogger } from '../support/recording-logger.ts';

describe('orders for a visitor who is not the verified owner', () => {
  let chat: ChatHarness;
  let boots: ProductRecord;
  const log = recordingLogger();
  let sequence = 0;

  before(async () => {
    chat = await startChatHarness({
      logger: log.logger,
      settings: {
        orderAccess: {
          ...DEFAULT_ORDER_ACCESS,
          maxOrderNumbersPerVisitor: 3,
          maxFailedChecksPerVisitor: 2,
          maxFailedChecksPerOrder: 3,
        },
      },
    });
    [boots] = (await addProducts(chat.db.repositories, [
      { name: 'Trail Hiking Boots', category: 'boots', price: 139.9 },
    ])) as [ProductRecord];
  });
  after(async () => {
    await chat.stop();
  });

  /** A customer record with one shipped order; returns the order number and the customer's email. */
  async function customerOrder(): Promise<{ number: string; email: string }> {
    const email = `customer.${Date.now()}.${(sequence += 1)}@example.com`;
    const contact = await chat.db.repositories.contacts.create({ name: 'Elif', emails: [email] });
    return {
      number: await addOrder(chat.db.repositories, contact.id, [{ product: boots, quantity: 2 }]),
      email,
    };
  }

  async function withEmail(socket: VisitorClient, number: string, email: string) {
    const text = `order ${number}, my email is ${email}`;
    chat.analyser.when(text, {
      intent: 'order_status',
      entities: [
        ['order_number', number],
        ['email', email],
      ],
    });
    return (await ask(socket, `oe-${(sequence += 1)}`, text)).reply.text;
  }

  const FULL = /Tracking number: TRACK-123\. Items: 2 × Trail Hiking Boots\. Total: 279\.80 EUR\.$/;

  it('gives the status and date for the number alone, and asks for the email on the order', async () => {
    const { number } = await customerOrder();
    const { socket } = await chat.visitor();
    const text = `status of ${number}`;
    chat.analyser.when(text, { intent: 'order_status', entities: [['order_number', number]] });
    const { reply } = await ask(socket, 'alone-1', text);
    expect(reply.text).to.equal(
      `Order ${number} has shipped (on 2026-11-03). For tracking and the order's details, send me the email address used for this order, or sign in to the shop.`,
    );
  });

  it('gives full details for the number with the email on the order, in one message or as the answer', async () => {
    const { number, email } = await customerOrder();
    const one = await chat.visitor();
    expect(await withEmail(one.socket, number, email.toUpperCase())).to.match(FULL);

    const two = await chat.visitor();
    const text = `where is ${number}`;
    chat.analyser.when(text, { intent: 'order_status', entities: [['order_number', number]] });
    await ask(two.socket, 'answer-1', text);
    const answer = `it's ${email}`;
    chat.analyser.when(answer, { intent: 'out_of_scope', confidence: 0.1, entities: [['email', email]] });
    const { reply } = await ask(two.socket, 'answer-2', answer);
    expect(reply.intent).to.equal('order_status');
    expect(reply.text).to.match(FULL);
  });

  it('gives only the status for the number with another email, and counts the failure', async () => {
    const { number } = await customerOrder();
    const { socket } = await chat.visitor();
    const text = await withEmail(socket, number, 'guess@example.com');
    expect(text).to.equal(
      `Order ${number} has shipped (on 2026-11-03). That email address doesn't match this order, so I can only give its status.`,
    );
    const failed = await chat.db.repositories.orderChecks.failedVerificationsSince(
      'nobody',
      number,
      new Date(Date.now() - 60_000),
    );
    expect(failed.byOrder).to.equal(1);
  });

  it('stops checking emails for a visitor after too many failures, even a right one', async () => {
    const first = await customerOrder();
    const second = await customerOrder();
    const { socket } = await chat.visitor();
    expect(await withEmail(socket, first.number, 'a@example.com')).to.contain("doesn't match");
    expect(await withEmail(socket, second.number, 'b@example.com')).to.contain("doesn't match");
    const limited = await withEmail(socket, first.number, first.email);
    expect(limited).to.contain("I can't check more email addresses for this order right now");
    expect(limited).not.to.contain('TRACK-123');
  });

  it('stops checking emails for an order after too many failures from anyone', async () => {
    const { number, email } = await customerOrder();
    for (let i = 0; i < 3; i += 1) {
      const { socket } = await chat.visitor();
      expect(await withEmail(socket, number, `guess${i}@example.com`)).to.contain("doesn't match");
    }
    const owner = await chat.visitor();
    const limited = await withEmail(owner.socket, number, email);
    expect(limited).to.contain("I can't check more email addresses");
    expect(limited).not.to.contain('TRACK-123');
  });

  it('refuses a message with one order number too many (enumeration) with TOO_MANY_ORDER_NUMBERS, logged without personal data', async () => {
    const { socket, session } = await chat.visitor();
    const numbers = ['ORD-90001', 'ORD-90002', 'ORD-90003', 'ORD-90004'];
    for (const [index, number] of numbers.slice(0, 3).entries()) {
      const text = `what about ${number}`;
      chat.analyser.when(text, { intent: 'order_status', entities: [['order_number', number.slice(4)]] });
      await ask(socket, `enum-${index}`, text);
    }
    const text = `and ${numbers[3]}, mail me at walker@example.com`;
    chat.analyser.when(text, {
      intent: 'order_status',
      entities: [
        ['order_number', numbers[3]!.slice(4)],
        ['email', 'walker@example.com'],
      ],
    });
    const before = (await chat.db.repositories.conversations.findById(session.conversationId))!.lastSeq;
    const refused = await send(socket, 'enum-4', text);
    expect(refused).to.deep.equal({
      ok: false,
      error: {
        code: 'TOO_MANY_ORDER_NUMBERS',
        message: 'Too many different order numbers; sign in to the shop or try again later.',
      },
    });
    // Refused before anything was stored.
    expect((await chat.db.repositories.conversations.findById(session.conversationId))!.lastSeq).to.equal(
      before,
    );

    // A number already asked about is still answered.
    const again = `what about ${numbers[0]}`;
    expect((await ask(socket, 'enum-5', again)).reply.text).to.contain(`${numbers[0]}`);

    const line = log.lines.find((l) => l['msg'] === 'order number enumeration refused');
    expect(line).to.include({ level: 40, conversationId: session.conversationId, distinctOrderNumbers: 4 });
    const logged = JSON.stringify(log.lines);
    for (const number of numbers) expect(logged).not.to.contain(number);
    expect(logged).not.to.contain('walker@example.com');
  });
});
