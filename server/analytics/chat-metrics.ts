import { Counter, type Registry } from 'prom-client';
import type { EventBus } from '../events/event-bus.ts';

/**
 * Chat counters for /metrics, fed by the domain events: the reply path only emits, these listeners run after
 * it (the event bus defers them), so counting never slows an answer.
 */
export function registerChatMetrics(events: EventBus, registry: Registry): () => void {
  const messages = new Counter({
    name: 'concierge_chat_messages_total',
    help: 'Chat messages stored, by sender.',
    labelNames: ['sender'] as const,
    registers: [registry],
  });
  const intents = new Counter({
    name: 'concierge_chat_intents_total',
    help: 'Visitor messages by classified intent.',
    labelNames: ['intent'] as const,
    registers: [registry],
  });
  const actions = new Counter({
    name: 'concierge_chat_actions_total',
    help: 'Bot actions by action and outcome.',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const escalations = new Counter({
    name: 'concierge_chat_escalations_total',
    help: 'Conversations handed to agents, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const tickets = new Counter({
    name: 'concierge_chat_tickets_created_total',
    help: 'Tickets opened from the chat, by category.',
    labelNames: ['category'] as const,
    registers: [registry],
  });
  const offs = [
    events.on('message.received', (e) => messages.inc({ sender: e.sender })),
    events.on('reply.sent', (e) => messages.inc({ sender: e.sender })),
    events.on('intent.classified', (e) => intents.inc({ intent: e.intent })),
    events.on('action.completed', (e) => actions.inc({ action: e.action, outcome: e.outcome })),
    events.on('conversation.escalated', (e) => escalations.inc({ reason: e.reason })),
    events.on('ticket.created', (e) => tickets.inc({ category: e.category })),
  ];
  return () => {
    offs.forEach((off) => off());
    for (const name of [
      'concierge_chat_messages_total',
      'concierge_chat_intents_total',
      'concierge_chat_actions_total',
      'concierge_chat_escalations_total',
      'concierge_chat_tickets_created_total',
    ]) {
      registry.removeSingleMetric(name);
    }
  };
}
