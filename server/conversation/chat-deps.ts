import type { RecommendationModel } from '../analytics/recommendations/model.ts';
import type { ChatMessage, ConversationUpdate } from '../contracts/visitor-events.ts';
import type { MessageRecord } from '../data/records.ts';
import type { OwnershipChanged } from './ownership.ts';
import type { ChatRepository } from '../data/chat/index.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { DEFAULT_ORDER_ACCESS, type OrderAccessSettings } from '../identity/order-access.ts';
import type { KnowledgeArticleRecord, ProductRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';
import type { Logger } from '../shared/logger.ts';
import type { IntentDefinition, MessageAnalyser } from './analysis.ts';
import type { EscalationSettings } from './escalation-policy.ts';

/** How the engine reaches connected clients; the gateway implements it with socket.io rooms. */
export interface ChatNotifier {
  /**
   * `exceptSocketId`: the tab that sent the message already has it (its ack). `record`: the stored message
   * with its analysis, for the agents' side (the visitor's view never carries it).
   */
  messageCreated(message: ChatMessage, exceptSocketId?: string, record?: MessageRecord): void;
  conversationUpdated(update: ConversationUpdate): void;
  typing(conversationId: string, sender: 'bot' | 'agent', isTyping: boolean): void;
  /** The owner changed: the agents' inbox, assignment notices, the queue and routing follow. */
  ownershipChanged?(change: OwnershipChanged): void;
}

export interface ChatSettings {
  escalation: EscalationSettings;
  /** Below this confidence the bot counts the message as not understood. */
  minIntentConfidence: number;
  /** Product cards offered by a recommendation. */
  recommendationCount: number;
  /** What a visitor who is not an order's verified owner may try with order numbers. */
  orderAccess: OrderAccessSettings;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  escalation: {
    negativeSentimentThreshold: -0.5,
    negativeSentimentWindow: 3,
    complainingSentimentThreshold: -0.1,
    maxFailedUnderstanding: 3,
    highValueSpend: 1000,
  },
  minIntentConfidence: 0.3,
  recommendationCount: 3,
  orderAccess: DEFAULT_ORDER_ACCESS,
};

export interface ChatDeps {
  repositories: Repositories;
  chatData: ChatRepository;
  events: EventBus;
  analyser: MessageAnalyser;
  intents: ReadonlyMap<string, IntentDefinition>;
  /** The latest precomputed model; read, never computed, on the reply path. */
  recommendations: () => RecommendationModel;
  notifier: ChatNotifier;
  settings: ChatSettings;
  logger: Logger;
  random?: () => number;
  /** The shop's knowledge articles by id, as last loaded (read, never fetched, on the reply path). */
  knowledge?: () => ReadonlyMap<string, KnowledgeArticleRecord>;
  /** Active products, most popular first, as last loaded; product questions are answered from them. */
  products?: () => readonly ProductRecord[];
  /** The reply templates (intents/default/replies.json). */
  replies?: Replies;
  /** Expected wait in seconds at a queue position, from recent pick-up times; null without data. */
  expectedWait?: (position: number) => Promise<number | null>;
}
