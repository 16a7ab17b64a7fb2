import type { AnalysedEntity } from '../conversation/analysis.ts';
import type { ChatDeps } from '../conversation/chat-deps.ts';
import type { MessageRecord } from '../data/records.ts';

/**
 * What the last few turns of a conversation were about, read from its stored messages: the product cards the
 * bot showed, the order numbers either side mentioned, and the kinds of product the visitor asked for. Follow-ups
 * ("the other one", "the cheaper one", "and under 100?", "cancel the first one") resolve against it.
 */
export interface ConversationMemory {
  /** Product ids of the latest bot message that showed product cards, in card order. */
  lastShown: string[];
  /** The product cards of each recent bot message that showed some, the latest first. */
  shownLists: string[][];
  /** Product ids of every card shown recently, the latest message first, without repeats. */
  shown: string[];
  /** Order numbers (ORD-…) mentioned, in the order they first came up. */
  orders: string[];
  /** Entities of the visitor's earlier messages, the latest message first (to inherit a category or kind). */
  visitorEntities: AnalysedEntity[][];
  /** The visitor's earlier messages, the latest first. */
  visitorTexts: string[];
  /** The help link (`/help/<slug>`) of the bot's latest message when it answered from the shop's knowledge. */
  lastArticleLink?: string;
  /** The ticket the bot's latest message opened or added to, if it did. */
  lastTicketId?: string;
}

const EMPTY: ConversationMemory = {
  lastShown: [],
  shownLists: [],
  shown: [],
  orders: [],
  visitorEntities: [],
  visitorTexts: [],
};

/** How far back a follow-up may point: a few exchanges, not the whole history. */
const LOOK_BACK = 10;

const ORDER_IN_TEXT = /\bORD-\d{3,10}\b/g;
const HELP_LINK = /\/help\/[a-z0-9-]+/;

export async function readMemory(
  deps: ChatDeps,
  conversationId: string,
  currentMessageId: string,
): Promise<ConversationMemory> {
  let messages: MessageRecord[];
  try {
    messages = await deps.repositories.messages.listLatest(conversationId, LOOK_BACK + 1);
  } catch {
    return EMPTY;
  }
  const earlier = messages.filter((m) => m.id !== currentMessageId);
  const memory: ConversationMemory = {
    lastShown: [],
    shownLists: [],
    shown: [],
    orders: [],
    visitorEntities: [],
    visitorTexts: [],
  };
  for (const message of earlier) {
    if (message.sender === 'bot') {
      for (const number of message.text.match(ORDER_IN_TEXT) ?? []) addOnce(memory.orders, number);
    } else if (message.sender === 'visitor') {
      for (const e of entitiesOf(message.nlp)) {
        if (e.type === 'order_number') addOnce(memory.orders, orderNumber(e));
      }
    }
  }
  let latestBot = true;
  for (const message of [...earlier].reverse()) {
    if (message.sender === 'bot') {
      if (latestBot) {
        latestBot = false;
        const link = HELP_LINK.exec(message.text)?.[0];
        if (link) memory.lastArticleLink = link;
        if (message.ticketId) memory.lastTicketId = message.ticketId;
      }
      const cards = productIdsOf(message.suggestions);
      if (cards.length > 0 && memory.lastShown.length === 0) memory.lastShown = cards;
      if (cards.length > 0) memory.shownLists.push(cards);
      for (const id of cards) addOnce(memory.shown, id);
    } else if (message.sender === 'visitor') {
      memory.visitorEntities.push(entitiesOf(message.nlp));
      memory.visitorTexts.push(message.text);
    }
  }
  return memory;
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function orderNumber(entity: AnalysedEntity): string {
  const raw = typeof entity.value === 'string' ? entity.value : entity.text;
  const digits = /\d{3,10}/.exec(raw)?.[0];
  return digits ? `ORD-${digits}` : raw;
}

function entitiesOf(nlp: unknown): AnalysedEntity[] {
  const entities = (nlp as { entities?: unknown } | null)?.entities;
  return Array.isArray(entities) ? (entities as AnalysedEntity[]) : [];
}

function productIdsOf(suggestions: unknown): string[] {
  if (!Array.isArray(suggestions)) return [];
  return suggestions
    .filter(
      (s): s is { type: 'product'; productId: string } =>
        typeof s === 'object' &&
        s !== null &&
        (s as { type?: unknown }).type === 'product' &&
        typeof (s as { productId?: unknown }).productId === 'string',
    )
    .map((s) => s.productId);
}
