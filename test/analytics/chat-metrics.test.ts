import { expect } from 'chai';
import { Registry } from 'prom-client';
import { registerChatMetrics } from '../../server/analytics/chat-metrics.ts';
import { createEventBus } from '../../server/events/event-bus.ts';

describe('chat metrics', () => {
  it('counts messages, intents, actions, escalations and tickets from the domain events', async () => {
    const events = createEventBus();
    const registry = new Registry();
    const unregister = registerChatMetrics(events, registry);
    events.emit('message.received', {
      conversationId: 'c',
      contactId: 'k',
      messageId: 'm1',
      seq: 1,
      sender: 'visitor',
    });
    events.emit('intent.classified', {
      conversationId: 'c',
      messageId: 'm1',
      intent: 'complaint',
      confidence: 0.9,
      sentiment: -0.2,
    });
    events.emit('ticket.created', {
      ticketId: 't',
      number: 'T-1',
      contactId: 'k',
      category: 'complaint',
      priority: 'normal',
    });
    events.emit('conversation.escalated', {
      conversationId: 'c',
      contactId: 'k',
      reason: 'high_value_complaint',
    });
    events.emit('reply.sent', { conversationId: 'c', messageId: 'm2', seq: 2, sender: 'bot' });
    events.emit('action.completed', {
      conversationId: 'c',
      messageId: 'm1',
      action: 'escalate',
      outcome: 'queued',
    });
    await events.drain();
    const text = await registry.metrics();
    expect(text).to.contain('concierge_chat_messages_total{sender="visitor"} 1');
    expect(text).to.contain('concierge_chat_messages_total{sender="bot"} 1');
    expect(text).to.contain('concierge_chat_intents_total{intent="complaint"} 1');
    expect(text).to.contain('concierge_chat_tickets_created_total{category="complaint"} 1');
    expect(text).to.contain('concierge_chat_escalations_total{reason="high_value_complaint"} 1');
    expect(text).to.contain('concierge_chat_actions_total{action="escalate",outcome="queued"} 1');
    unregister();
    expect(await registry.metrics()).not.to.contain('concierge_chat_');
  });
});
