import { floorToHour } from './time-zone.ts';

/** What a conversation's figures are computed from: the conversation, its messages and its tickets. */
export interface RawConversation {
  id: string;
  contactId: string;
  createdAt: Date;
  status: string;
  assignedAgentId: string | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  resolvedAt: Date | null;
  rating: number | null;
}

export interface RawMessage {
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  senderId: string | null;
  createdAt: Date;
  /** The classified intent of a visitor message (stored with its analysis); null otherwise. */
  intent: { name: string; confidence: number } | null;
}

export interface RawConversationRecords {
  conversation: RawConversation;
  messages: readonly RawMessage[];
  /** Tickets opened from this conversation. */
  tickets: number;
}

export interface IntentCount {
  intent: string;
  messages: number;
  fallbacks: number;
}

export interface AgentReplies {
  agentId: string;
  replies: number;
}

/**
 * One conversation's figures, derived from its raw records and kept (one document per conversation) so that
 * reports, drill-downs and the CSV export never re-read messages. Every field is defined in docs/reports.md.
 */
export interface ConversationFact {
  id: string;
  contactId: string;
  startedAt: Date;
  /** The UTC hour the conversation started in: its rollup bucket. */
  hour: Date;
  status: string;
  visitorMessages: number;
  botMessages: number;
  agentMessages: number;
  /** At least one visitor message: only these count in reports. */
  counted: boolean;
  contained: boolean;
  escalated: boolean;
  escalationReason: string | null;
  escalatedAt: Date | null;
  agentId: string | null;
  firstAgentReplyAt: Date | null;
  firstResponseSeconds: number | null;
  resolvedAt: Date | null;
  resolutionSeconds: number | null;
  handlingSeconds: number | null;
  rating: number | null;
  intents: IntentCount[];
  fallbacks: number;
  agentReplies: AgentReplies[];
  tickets: number;
}

export interface FactSettings {
  /** Below this confidence the bot treats a message as not understood (the chat's `minIntentConfidence`). */
  minIntentConfidence: number;
  /** The intent name of messages the classifier puts out of scope. */
  outOfScopeIntent: string;
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export function isFallback(intent: { name: string; confidence: number }, settings: FactSettings): boolean {
  return intent.name === settings.outOfScopeIntent || intent.confidence < settings.minIntentConfidence;
}

export function computeConversationFact(
  { conversation, messages, tickets }: RawConversationRecords,
  settings: FactSettings,
): ConversationFact {
  const ordered = [...messages].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let visitorMessages = 0;
  let botMessages = 0;
  let agentMessages = 0;
  let fallbacks = 0;
  let firstAgentReplyAt: Date | null = null;
  let lastAgentId: string | null = null;
  const intents = new Map<string, IntentCount>();
  const replies = new Map<string, number>();

  for (const message of ordered) {
    if (message.sender === 'visitor') {
      visitorMessages += 1;
      if (message.intent !== null) {
        const entry = intents.get(message.intent.name) ?? {
          intent: message.intent.name,
          messages: 0,
          fallbacks: 0,
        };
        entry.messages += 1;
        if (isFallback(message.intent, settings)) {
          entry.fallbacks += 1;
          fallbacks += 1;
        }
        intents.set(entry.intent, entry);
      }
    } else if (message.sender === 'bot') {
      botMessages += 1;
    } else if (message.sender === 'agent') {
      agentMessages += 1;
      if (message.senderId !== null) {
        replies.set(message.senderId, (replies.get(message.senderId) ?? 0) + 1);
        lastAgentId = message.senderId;
      }
      const escalatedAt = conversation.escalatedAt;
      if (firstAgentReplyAt === null && escalatedAt !== null && message.createdAt >= escalatedAt) {
        firstAgentReplyAt = message.createdAt;
      }
    }
  }

  const escalated = conversation.escalatedAt !== null;
  const agentId = conversation.assignedAgentId ?? lastAgentId;
  const resolvedAt = conversation.status === 'resolved' ? conversation.resolvedAt : null;
  const counted = visitorMessages > 0;
  const humanInvolved = escalated || agentMessages > 0 || agentId !== null || tickets > 0;
  // Handling: from the agent's first reply in the conversation (pick-up) to its resolution.
  const firstReplyOfAnyAgent = ordered.find((m) => m.sender === 'agent')?.createdAt ?? null;
  return {
    id: conversation.id,
    contactId: conversation.contactId,
    startedAt: conversation.createdAt,
    hour: floorToHour(conversation.createdAt),
    status: conversation.status,
    visitorMessages,
    botMessages,
    agentMessages,
    counted,
    contained: counted && !humanInvolved,
    escalated,
    escalationReason: escalated ? conversation.escalationReason : null,
    escalatedAt: conversation.escalatedAt,
    agentId,
    firstAgentReplyAt,
    firstResponseSeconds:
      firstAgentReplyAt !== null && conversation.escalatedAt !== null
        ? seconds(conversation.escalatedAt, firstAgentReplyAt)
        : null,
    resolvedAt,
    resolutionSeconds: resolvedAt !== null ? seconds(conversation.createdAt, resolvedAt) : null,
    handlingSeconds:
      resolvedAt !== null && firstReplyOfAnyAgent !== null && firstReplyOfAnyAgent <= resolvedAt
        ? seconds(firstReplyOfAnyAgent, resolvedAt)
        : null,
    rating: conversation.rating,
    intents: [...intents.values()].sort((a, b) => (a.intent < b.intent ? -1 : 1)),
    fallbacks,
    agentReplies: [...replies]
      .map(([id, count]) => ({ agentId: id, replies: count }))
      .sort((a, b) => (a.agentId < b.agentId ? -1 : 1)),
    tickets,
  };
}

/** Stored with the fact: a recomputation with the same signature changes nothing and writes nothing. */
export function factSignature(fact: ConversationFact): string {
  return JSON.stringify(fact);
}
