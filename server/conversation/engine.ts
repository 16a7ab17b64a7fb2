import { dialogueAct } from '../../nlp/dialogue/act.ts';
import { actionFor } from '../actions/registry.ts';
import { createTicket } from '../actions/create-ticket.ts';
import { escalateFor } from '../actions/escalate.ts';
import type { ActionContext, ActionHandler, ActionResult } from '../actions/types.ts';
import { ORDER_NUMBER_SLOT, orderNumberFrom } from '../actions/order-status.ts';
import { matchProduct } from '../actions/product-match.ts';
import type { ChatMessage, QuickReplySuggestion } from '../contracts/visitor-events.ts';
import type { ConversationPatch } from '../data/repositories/index.ts';
import type { ContactRecord, ConversationRecord, MessageRecord, PendingSlot } from '../data/records.ts';
import { admitOrderNumbers } from '../identity/order-access.ts';
import { AppError } from '../shared/errors.ts';
import {
  entitiesOf,
  OUT_OF_SCOPE_INTENT,
  storedAnalysis,
  type IntentDefinition,
  type MessageAnalysis,
} from './analysis.ts';
import type { ChatDeps } from './chat-deps.ts';
import { decideEscalation } from './escalation-policy.ts';
import {
  acknowledgementIntent,
  askForOrderNumber,
  assistantTurn,
  clearlyOutOfScope,
  holdTurn,
  languageTurn,
  shoppingIntent,
  otherParts,
  PERSON_OFFER_SLOT,
  type RichAnalysis,
} from './assistant.ts';
import { chooseKnowledgeAnswer } from '../assistant/knowledge-answer.ts';
import { toChatMessage } from './message-view.ts';
import { changeOwnership } from './ownership.ts';
import { postMessage } from './post-message.ts';
import { botOwns } from './state-machine.ts';

export interface VisitorMessageInput {
  conversationId: string;
  visitorId: string;
  clientMessageId: string;
  /** Already validated and capped by the gateway: NLP cost grows badly with length. */
  text: string;
  /** The sending tab, which gets its own message through the ack instead of a broadcast. */
  socketId?: string;
  /**
   * The contact this connection was verified as by the shop's `identify`, if any. The bot treats the
   * visitor as that customer only while it is still the conversation's contact.
   */
  verifiedContactId?: string | null;
}

export interface PersistedMessage {
  id: string;
  seq: number;
  duplicate: boolean;
}

export interface VisitorMessageOutcome extends PersistedMessage {
  /** Messages the bot posted in answer (empty when an agent owns the conversation or on a resend). */
  replies: ChatMessage[];
}

const BOT_TYPING_DELAY_MS = 300;

const NOT_UNDERSTOOD_SUGGESTIONS: QuickReplySuggestion[] = [
  { type: 'quick_reply', text: 'Where is my order?' },
  { type: 'quick_reply', text: 'I want to return something' },
  { type: 'quick_reply', text: 'Talk to a person' },
];

const notUnderstood: ActionHandler = async () => ({
  text: "Sorry, I didn't get that. Could you say it another way, or pick one of these?",
  suggestions: NOT_UNDERSTOOD_SUGGESTIONS,
  outcome: 'not_understood',
});

/**
 * One visitor message, start to finish: analyse → persist (with the analysis) → ownership check → intent →
 * action → reply. `onPersisted` fires as soon as the visitor's message is stored, so the gateway can ack
 * before the bot has answered. A resent clientMessageId returns the original and does nothing else.
 */
export async function handleVisitorMessage(
  deps: ChatDeps,
  input: VisitorMessageInput,
  onPersisted: (persisted: PersistedMessage) => void = () => {},
): Promise<VisitorMessageOutcome> {
  const analysis = await deps.analyser.analyse(input.text);
  // Before anything is stored: a visitor walking through order numbers gets a refusal, not a reply.
  await admitOrderNumbers(
    deps,
    { visitorId: input.visitorId, conversationId: input.conversationId },
    entitiesOf(analysis, 'order_number').map((e) =>
      orderNumberFrom(typeof e.value === 'string' ? e.value : e.text),
    ),
  );
  const incoming = await deps.chatData.appendIncoming(input.conversationId, {
    sender: 'visitor',
    senderId: input.visitorId,
    text: input.text,
    clientMessageId: input.clientMessageId,
    nlp: storedAnalysis(analysis),
  });
  if (!incoming.conversation || !incoming.message) throw new AppError('NOT_FOUND', 'Conversation not found.');
  let conversation = incoming.conversation;
  const { message: stored, duplicate } = incoming;
  const persisted = { id: stored.id, seq: stored.seq, duplicate };
  onPersisted(persisted);
  if (duplicate) return { ...persisted, replies: [] };

  // The record goes along so the agent side can show the message's analysis live.
  deps.notifier.messageCreated(toChatMessage(stored), input.socketId, stored);
  deps.events.emit('message.received', {
    conversationId: conversation.id,
    contactId: conversation.contactId,
    messageId: stored.id,
    seq: stored.seq,
    sender: 'visitor',
  });
  deps.events.emit('intent.classified', {
    conversationId: conversation.id,
    messageId: stored.id,
    intent: analysis.intent.name,
    confidence: analysis.intent.confidence,
    sentiment: analysis.sentiment.score,
  });

  if (conversation.status === 'resolved')
    conversation = await changeOwnership(deps, conversation.id, 'reopen');
  // Only the owner answers: while agents own the conversation the message waits for them.
  if (!botOwns(conversation.status)) return { ...persisted, replies: [] };

  const conversationId = conversation.id;
  // The typing indicator is shown only when the answer is slow to come (a ticket, a lookup under load): a fast
  // answer needs none, and the extra packet per message is measurable at a thousand messages a second.
  let typingShown = false;
  const typingTimer = setTimeout(() => {
    typingShown = true;
    deps.notifier.typing(conversationId, 'bot', true);
  }, BOT_TYPING_DELAY_MS);
  // Owner changes made during the bot's turn (its own escalation) reach the agents and routing only after the
  // bot's answer is stored, so an agent routed the conversation at once never sees the bot answer after them.
  const deferred: (() => void)[] = [];
  const turnDeps: ChatDeps = {
    ...deps,
    notifier: {
      ...deps.notifier,
      ownershipChanged: (change) => deferred.push(() => deps.notifier.ownershipChanged?.(change)),
    },
  };
  try {
    const verified = !!input.verifiedContactId && input.verifiedContactId === conversation.contactId;
    const outcome = await answerAsBot(
      turnDeps,
      conversation,
      verified,
      analysis,
      stored,
      incoming.replySeq,
      persisted,
    );
    if (outcome.replies.length === 0 && typingShown) deps.notifier.typing(conversationId, 'bot', false);
    return outcome;
  } catch (error) {
    // The reply would have ended the indicator; without one, end it here.
    if (typingShown) deps.notifier.typing(conversationId, 'bot', false);
    throw error;
  } finally {
    clearTimeout(typingTimer);
    for (const notify of deferred) notify();
  }
}

async function answerAsBot(
  deps: ChatDeps,
  conversation: ConversationRecord,
  verified: boolean,
  incomingAnalysis: MessageAnalysis,
  stored: MessageRecord,
  replySeq: number,
  persisted: PersistedMessage,
): Promise<VisitorMessageOutcome> {
  let analysis = incomingAnalysis;
  const contactId = conversation.contactId;
  let contact: Promise<ContactRecord> | null = null;
  const loadContact = () =>
    (contact ??= deps.repositories.contacts.findById(contactId).then((found) => {
      if (!found) throw new AppError('NOT_FOUND', 'Contact not found.');
      return found;
    }));

  const slotAnswer = withSlotAnswer(conversation.pendingSlot, analysis);
  analysis = slotAnswer.analysis;
  const chosen = shopping(deps, chooseIntent(deps, conversation, analysis), analysis);
  // An answer to the bot's question ("oui" to the person offered, a number) is taken in any language.
  const language =
    deps.replies && !chosen.slotAnswered ? languageTurn(analysis as RichAnalysis, deps.replies) : null;
  // "hang on, let me look" while the bot waits for a number: the question stays open, nothing else happens.
  const hold =
    !language && !chosen.slotAnswered && deps.replies
      ? holdTurn(conversation.pendingSlot, analysis, deps.replies)
      : null;
  // Another language: one line and a person offered; the intent of a German message means nothing.
  const intent: IntentDefinition = language
    ? { name: OUT_OF_SCOPE_INTENT, action: 'answer', responses: [] }
    : hold
      ? (deps.intents.get(conversation.pendingSlot!.intent) ?? chosen.intent)
      : chosen.intent;
  // A question the shop's knowledge answers is understood whatever the classifier thought of it.
  const knowledgeAnswers =
    !language &&
    !chosen.slotAnswered &&
    deps.replies !== undefined &&
    chooseKnowledgeAnswer(analysis as RichAnalysis, deps.knowledge?.() ?? new Map(), deps.replies) !== null;
  // Chit-chat the classifier is sure of is understood too: the scope answer is the right reply, not a person.
  const understood =
    chosen.understood ||
    knowledgeAnswers ||
    language !== null ||
    hold !== null ||
    (!chosen.slotAnswered && clearlyOutOfScope(analysis));
  const failed = understood ? 0 : conversation.failedUnderstandingCount + 1;
  const mood = language || hold ? null : await recentMood(deps, conversation.id, analysis);
  const reason = !mood
    ? null
    : decideEscalation(
        {
          intent: intent.name,
          recentSentiment: mood.sentiment,
          recentComplaints: mood.complaints,
          failedUnderstandingCount: failed,
          contactValue: intent.name === 'complaint' ? await deps.chatData.customerValue(contactId) : 0,
        },
        deps.settings.escalation,
      );

  const context: ActionContext = {
    deps,
    conversation,
    contactId,
    verified,
    loadContact,
    analysis,
    intent,
    messageId: stored.id,
    random: deps.random ?? Math.random,
  };
  let result: ActionResult;
  const aside = language ?? hold;
  if (aside) {
    result = aside;
  } else if (reason) {
    // A complaint that escalates still gets its ticket first, so the escalation can raise its priority.
    const ticketFirst = intent.action === 'create_ticket' ? await createTicket(context) : null;
    const escalation = await escalateFor(reason)(context);
    result = ticketFirst
      ? {
          ...escalation,
          text: `${ticketFirst.text} ${escalation.text}`,
          ticket: escalation.ticket ?? ticketFirst.ticket,
        }
      : escalation;
  } else {
    const replies = deps.replies;
    const assisted = replies
      ? await assistantTurn(context, replies, deps.products?.() ?? [], chosen.understood)
      : null;
    if (assisted) result = assisted;
    else if (
      replies &&
      conversation.pendingSlot?.slot === ORDER_NUMBER_SLOT &&
      !chosen.slotAnswered &&
      (!chosen.understood || intent.name === conversation.pendingSlot.intent || NO_ANSWER.test(analysis.text))
    ) {
      // Still no number: ask again once, then offer a person.
      result = askForOrderNumber(context, replies, conversation.pendingSlot.intent);
    } else if (
      replies &&
      chosen.understood &&
      intent.name === 'order_status' &&
      !verified &&
      !analysis.entities.some((e) => e.type === 'order_number' || e.type === 'email')
    ) {
      result = askForOrderNumber(context, replies, 'order_status');
    } else {
      result = await (chosen.understood ? actionFor(intent.action) : notUnderstood)(context);
    }
    if (replies) result = await otherParts(context, result, replies);
  }

  const action = reason ? 'escalate' : understood ? intent.action : 'not_understood';
  deps.events.emit('action.completed', {
    conversationId: conversation.id,
    messageId: stored.id,
    action,
    outcome: result.outcome,
  });
  // The turn's lookups and action took time: an agent may have taken the conversation meanwhile. The reply is
  // posted only if the conversation is still the bot's (or in the queue the bot's own escalation put it in),
  // decided by a conditional write, so the bot never answers after an agent took over.
  if (!(await saveProgress(deps, conversation, reason ? 0 : failed, result, reason !== null))) {
    return { ...persisted, replies: [] };
  }
  const reply = await postMessage(deps, {
    conversationId: conversation.id,
    sender: 'bot',
    text: result.text,
    ...(result.suggestions ? { suggestions: result.suggestions } : {}),
    ticket: result.ticket ?? null,
    intent: { name: intent.name, confidence: analysis.intent.confidence },
    action,
    expects: askedDetail(result.pendingSlot?.slot),
    inReplyTo: stored.id,
    reservedSeq: replySeq,
  });
  return { ...persisted, replies: [reply] };
}

/** The classified intent, unless the visitor is answering the bot's pending question. */
function chooseIntent(
  deps: ChatDeps,
  conversation: ConversationRecord,
  analysis: MessageAnalysis,
): { intent: IntentDefinition; understood: boolean; slotAnswered: boolean } {
  const pending = conversation.pendingSlot;
  if (pending && answersSlot(deps, pending, analysis)) {
    const intent = deps.intents.get(pending.intent);
    if (intent) return { intent, understood: true, slotAnswered: true };
  }
  const name = analysis.intent.name;
  const known = deps.intents.get(name);
  const understood =
    known !== undefined &&
    name !== OUT_OF_SCOPE_INTENT &&
    analysis.intent.confidence >= deps.settings.minIntentConfidence;
  return {
    intent: known ?? { name: name || OUT_OF_SCOPE_INTENT, action: 'answer', responses: [] },
    understood,
    slotAnswered: false,
  };
}

/**
 * A kind of product with a budget, or named in a demand the classifier took for a call for a person, is shopping;
 * an acknowledgement the classifier took for a goodbye ("ok thx") is thanks.
 */
function shopping(
  deps: ChatDeps,
  chosen: ReturnType<typeof chooseIntent>,
  analysis: MessageAnalysis,
): ReturnType<typeof chooseIntent> {
  if (chosen.slotAnswered) return chosen;
  const name =
    shoppingIntent(chosen.intent.name, chosen.understood, analysis, deps.products?.() ?? []) ??
    acknowledgementIntent(chosen.intent.name, analysis.text);
  const intent = name ? deps.intents.get(name) : undefined;
  return intent ? { intent, understood: true, slotAnswered: false } : chosen;
}

/** "I don't have it", "no idea": no answer to the bot's question, whatever the classifier makes of it. */
const NO_ANSWER =
  /\b(?:don'?t|do not|dont|can'?t|cannot)\s+(?:have|know|remember|find|see)\b|\bno idea\b|\bnot sure\b|\blost it\b/i;

const BARE_ORDER_NUMBER = /(?<![\w-])(\d{4,10})(?![\w-])/;

/**
 * While the bot waits for an order number, a bare number ("11329", "it's 11329") is that number: the NLP only
 * reads numbers with an order cue, as a number alone could be anything.
 */
function withSlotAnswer(
  pending: PendingSlot | null,
  analysis: MessageAnalysis,
): { analysis: MessageAnalysis } {
  if (pending?.slot !== ORDER_NUMBER_SLOT || analysis.entities.some((e) => e.type === 'order_number')) {
    return { analysis };
  }
  const match = BARE_ORDER_NUMBER.exec(analysis.text);
  if (!match) return { analysis };
  const start = match.index;
  const entity = {
    type: 'order_number',
    value: match[1]!,
    text: match[1]!,
    start,
    end: start + match[1]!.length,
  };
  return { analysis: { ...analysis, entities: [...analysis.entities, entity] } };
}

const SLOT_ENTITIES: Record<string, readonly string[]> = {
  order_number: ['order_number'],
  ticket_number: ['ticket_number'],
  email: ['email', 'phone'],
  order_email: ['email'],
  product: ['product'],
};

// "yes", "yes please", "sure", "ok do that": accepting what the bot offered.
// The person is offered in the other-language line too, so its "yes" may come in that language ("oui", "ja bitte").
const AFFIRMATIVE =
  /^\s*(?:yes|yeah|yep|yup|ya|sure|ok|okay|please|please do|go ahead|do it|do that|that would be great|i would|i'd like that|absolutely|definitely|oui|ja|jawohl|gerne|si|sí|sim|claro|certo|tak|evet|ano|graag|d'accord|bien sûr|volontiers)(?![\p{L}])[\s\p{L},.!']{0,30}$/iu;

function answersSlot(deps: ChatDeps, pending: PendingSlot, analysis: MessageAnalysis): boolean {
  if (pending.slot === PERSON_OFFER_SLOT)
    return AFFIRMATIVE.test(analysis.text) && !/\bno\b|\bnot\b/i.test(analysis.text);
  const types = SLOT_ENTITIES[pending.slot] ?? [];
  if (analysis.entities.some((e) => types.includes(e.type))) return true;
  // A bare product name ("the trail boots") is an answer even when the NLP's catalogue step missed it.
  return (
    pending.slot === 'product' && matchProduct(analysis.text, deps.recommendations().items.values()) !== null
  );
}

/**
 * Sentiment of the visitor's latest messages, oldest first, ending with this one, and which of them were complaints
 * or problem reports. Read only when this message is itself negative: otherwise no streak rule can hold and the
 * read is skipped.
 */
async function recentMood(
  deps: ChatDeps,
  conversationId: string,
  analysis: MessageAnalysis,
): Promise<{ sentiment: number[]; complaints: boolean[] }> {
  const { negativeSentimentThreshold, complainingSentimentThreshold, negativeSentimentWindow } =
    deps.settings.escalation;
  const current = { sentiment: [analysis.sentiment.score], complaints: [complains(analysis.text, analysis)] };
  if (
    negativeSentimentWindow <= 0 ||
    analysis.sentiment.score > Math.max(negativeSentimentThreshold, complainingSentimentThreshold)
  ) {
    return current;
  }
  const latest = await deps.repositories.messages.listLatest(conversationId, negativeSentimentWindow * 3);
  const scored = latest
    .filter((m) => m.sender === 'visitor')
    .slice(-negativeSentimentWindow)
    .map((m) => ({ score: sentimentOf(m.nlp), complaint: complains(m.text, m.nlp) }))
    .filter((m): m is { score: number; complaint: boolean } => m.score !== null);
  return { sentiment: scored.map((m) => m.score), complaints: scored.map((m) => m.complaint) };
}

/** A complaint (the classifier's) or a report of something that went wrong. */
function complains(text: string, nlp: unknown): boolean {
  const intent = (nlp as { intent?: { name?: unknown } } | null)?.intent?.name;
  return intent === 'complaint' || dialogueAct(text) === 'problem';
}

function sentimentOf(nlp: unknown): number | null {
  const score = (nlp as { sentiment?: { score?: unknown } } | null)?.sentiment?.score;
  return typeof score === 'number' ? score : null;
}

/**
 * One write for what this turn changed (the failure streak, the pending question), conditional on the bot
 * still owning the conversation, or, when this turn escalated, on it waiting in the queue. False when an
 * agent took it meanwhile: the bot then stays silent.
 */
async function saveProgress(
  deps: ChatDeps,
  conversation: ConversationRecord,
  failed: number,
  result: ActionResult,
  escalated: boolean,
): Promise<boolean> {
  const patch: ConversationPatch = {};
  if (failed !== conversation.failedUnderstandingCount) patch.failedUnderstandingCount = failed;
  if (result.pendingSlot !== undefined) {
    const next = result.pendingSlot ? { ...result.pendingSlot, askedAt: new Date() } : null;
    if (next !== null || conversation.pendingSlot !== null) patch.pendingSlot = next;
  }
  if (result.topic) {
    patch.topic = {
      orderNumber: result.topic.orderNumber ?? conversation.topic?.orderNumber ?? null,
      productId: result.topic.productId ?? conversation.topic?.productId ?? null,
    };
  }
  if (!conversation.firstResponseAt) patch.firstResponseAt = new Date();
  const { conversations } = deps.repositories;
  if (await conversations.updateIfStatus(conversation.id, 'bot', patch)) return true;
  // An escalation in this turn already cleared the pending question: only the first response is recorded.
  if (!escalated) return false;
  const queued = await conversations.updateIfStatus(
    conversation.id,
    'waiting_agent',
    conversation.firstResponseAt ? {} : { firstResponseAt: patch.firstResponseAt! },
  );
  return queued !== null;
}

/**
 * What the bot's question asks the visitor for, as the widget understands it (`email` offers an email field):
 * the slots' own names stay on the server.
 */
function askedDetail(slot: string | undefined): string | null {
  if (slot === undefined) return null;
  return slot === 'email' || slot.endsWith('_email') ? 'email' : slot;
}
