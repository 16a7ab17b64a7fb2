import { expect } from 'chai';
import { createEventBus, type ListenerErrorReport } from '../../server/events/event-bus.ts';

describe('domain event bus', () => {
  const escalated = { conversationId: 'c1', contactId: 'k1', reason: 'requested_human' as const };

  it('delivers a named event to its listeners after emit has returned', async () => {
    const bus = createEventBus();
    const seen: string[] = [];
    bus.on('conversation.escalated', (event) => {
      seen.push(event.reason);
    });
    bus.emit('conversation.escalated', escalated);
    expect(seen, 'listeners must not run on the emitting call stack').to.deep.equal([]);
    await bus.drain();
    expect(seen).to.deep.equal(['requested_human']);
  });

  it('reports a throwing or rejecting listener without affecting the emitter or other listeners', async () => {
    const errors: ListenerErrorReport[] = [];
    const bus = createEventBus({ onListenerError: (report) => errors.push(report) });
    let delivered = 0;
    bus.on('conversation.escalated', () => {
      throw new Error('sync failure');
    });
    bus.on('conversation.escalated', async () => {
      throw new Error('async failure');
    });
    bus.on('conversation.escalated', () => {
      delivered += 1;
    });
    expect(() => bus.emit('conversation.escalated', escalated)).not.to.throw();
    await bus.drain();
    expect(delivered).to.equal(1);
    expect(errors.map((e) => (e.error as Error).message).sort()).to.deep.equal([
      'async failure',
      'sync failure',
    ]);
    expect(errors.every((e) => e.event === 'conversation.escalated')).to.equal(true);
  });

  it('stops delivering to a listener once unsubscribed', async () => {
    const bus = createEventBus();
    let count = 0;
    const off = bus.on('contact.updated', () => {
      count += 1;
    });
    bus.emit('contact.updated', { contactId: 'k1', fields: ['email'] });
    await bus.drain();
    off();
    bus.emit('contact.updated', { contactId: 'k1', fields: ['email'] });
    await bus.drain();
    expect(count).to.equal(1);
  });

  it('waits in drain for events emitted by listeners', async () => {
    const bus = createEventBus();
    const order: string[] = [];
    bus.on('ticket.created', (t) => {
      order.push(`created ${t.number}`);
      bus.emit('ticket.updated', { ticketId: t.ticketId, number: t.number, change: 'priority_raised' });
    });
    bus.on('ticket.updated', (t) => {
      order.push(`updated ${t.number}`);
    });
    bus.emit('ticket.created', {
      ticketId: 't1',
      number: 'T-1',
      contactId: 'k1',
      category: 'complaint',
      priority: 'normal',
    });
    await bus.drain();
    expect(order).to.deep.equal(['created T-1', 'updated T-1']);
  });
});
