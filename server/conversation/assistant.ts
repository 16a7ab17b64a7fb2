import { REQUIRED_INTENTS } from '../../intents/actions.ts';
import { dialogueAct } from '../../nlp/dialogue/act.ts';
import type { KnowledgeMatch } from '../../nlp/retrieval/knowledge-index.ts';
import { createTicket } from '../actions/create-ticket.ts';
import { orderNumberFrom, orderStatus } from '../actions/order-status.ts';
import { ticketStatus } from '../actions/ticket-status.ts';
import type { ActionContext, ActionResult } from '../actions/types.ts';
import type { QuickReplySuggestion } from '../contracts/visitor-events.ts';
import { readMemory, type ConversationMemory } from '../assistant/conversation-memory.ts';
import { chooseKnowledgeAnswer, DEFAULT_KNOWLEDGE_SETTINGS } from '../assistant/knowledge-answer.ts';
import { followUpArticle } from '../assistant/knowledge-follow-up.ts';
import { languageFallback } from '../assistant/language-fallback.ts';
import { answerOtherQuestions, messageParts } from '../assistant/other-questions.ts';
import { PAYMENT_WORDS, problemIntent } from '../assistant/problem-ticket.ts';
import { latestList, referencedOrder, referencedProduct } from '../assistant/references.ts';
import type { KnowledgeArticleRecord, OrderRecord, ProductRecord } from '../data/records.ts';
import { SLA_HOURS } from '../data/repositories/index.ts';
import { recordClaims } from '../identity/claims.ts';
import {
  answerAboutProduct,
  answerAboutShown,
  answerByBrandWord,
  answerComparison,
  answerDoYouSell,
  recommendWithin,
  type ProductAnswer,
} from '../products/product-answers.ts';
import {
  askedToSell,
  categoryEntities,
  constraintsOf,
  namedProduct,
  productNouns,
  productsMatching,
  sameWord,
  twoProducts,
} from '../products/product-search.ts';
import type { Replies } from '../replies/replies.ts';
import {
  entityText,
  OUT_OF_SCOPE_INTENT as OUT_OF_SCOPE,
  type AnalysedEntity,
  type MessageAnalysis,
} from './analysis.ts';

/** What the analysis carries beyond the engine's `MessageAnalysis` when it comes from the NLP worker. */
export interface RichAnalysis extends MessageAnalysis {
  language?: { code: string; english: boolean };
  knowledge?: readonly KnowledgeMatch[];
}

/** The bot offered a person: a "yes" next is a request for one. */
export const PERSON_OFFER_SLOT = 'person_offer';

const PRODUCT_INTENTS = new Set(['product_info', 'product_recommendation', 'pricing_discount']);
const COMPARE_CUE = /\b(?:vs\.?|versus|compare|comparison|difference|better|or the)\b/i;
const FOLLOW_UP_PRODUCT = /\b(?:it|its|it's|that one|this one|the \w+ one|they|them|the other)\b/i;
// "which one is cheaper?", "which of those is wireless?", "how much more is the 16?": about the products shown.
const ABOUT_SHOWN =
  /\bwhich\s+(?:one|ones|of (?:them|those|these|the two|both)|is|are|has|have|would|should)\b|\bhow much (?:more|less|cheaper|extra)\b/i;
const ORDER_INTENTS = new Set([
  'order_status',
  'cancel_order',
  'return_refund',
  'complaint',
  'payment_issue',
]);
const OTHER_ORDER = /\b(?:other|another|second|different)\s+order\b/i;
const FOLLOW_UP_ORDER = /\b(?:it|this|that|the order|this order|that order|same order)\b/i;

function productResult(answer: ProductAnswer): ActionResult {
  return {
    text: answer.text,
    suggestions: answer.suggestions,
    pendingSlot: null,
    outcome: `product_${answer.outcome}`,
    ...(answer.products[0] ? { topic: { productId: answer.products[0].id } } : {}),
  };
}

/** The language fallback, before any intent is acted on. */
export function languageTurn(analysis: RichAnalysis, replies: Replies): ActionResult | null {
  const fallback = languageFallback(analysis.language, replies);
  if (!fallback) return null;
  return {
    text: fallback.text,
    suggestions: fallback.suggestions,
    // A "yes" next accepts the person offered.
    pendingSlot: { intent: 'human_agent', slot: PERSON_OFFER_SLOT },
    outcome: `language_${fallback.language}`,
  };
}

// "hang on", "one sec, let me check", "wait I'll look it up": the visitor is fetching the answer, not asking for
// anything (the classifier hears a request for a person in "hang on").
const HOLD_ON =
  /^\s*(?:(?:ok|okay|sure|yes|yeah|yep|right|um+|uh+|hmm+)[\s,.!]*)?(?:hang on|hold on|wait|one (?:sec|second|moment|min|minute)|just a (?:sec|second|moment|min|minute)|gimme a (?:sec|second|moment|min|minute)|give me a (?:sec|second|moment|min|minute)|a (?:sec|second|moment|minute)|let me (?:check|look|find|see|get|dig)|i'?ll (?:check|look|find)|(?:1|2) (?:sec|secs|min|mins)|brb)\b/i;

// "wait, do you sell tents?": a new question after the "wait", not a pause.
const ANOTHER_QUESTION =
  /\?|\b(?:do|does|can|could|what|where|when|how|which|who|why|is|are|sell|want|need|cancel|return|refund)\b/i;

/**
 * While the bot waits for an order number, "hang on, let me look" keeps the question open: a short "take your
 * time", no escalation, no second ask counted.
 */
export function holdTurn(
  pending: { slot: string } | null,
  analysis: MessageAnalysis,
  replies: Replies,
): ActionResult | null {
  if (pending?.slot !== 'order_number') return null;
  const text = analysis.text;
  if (!HOLD_ON.test(text) || text.trim().split(/\s+/).length > 8 || ANOTHER_QUESTION.test(text)) return null;
  if (analysis.entities.some((e) => e.type === 'order_number' || e.type === 'email')) return null;
  return { text: replies.say('slot.hold'), outcome: 'hold' };
}

// Words of a request for a person: without one, "I need a speaker asap" is no call for the team.
const PERSON_WORDS =
  /\b(?:human|person|people|someone|somebody|anyone|anybody|agent|operator|representative|rep|staff|manager|supervisor|boss|team|support|service|employee|advisor|colleague|call|phone|real|bot|speak|talk|chat|escalate|transfer|connect|sales|help)\b/i;

/**
 * "I need headphones, max 100 dollars", "I want a speaker asap, 80 tops": a kind of product with a budget, or a
 * kind of product in a demand the classifier heard as a call for a person, is shopping. The intent to serve, or
 * undefined to keep the classified one.
 */
export function shoppingIntent(
  intent: string,
  understood: boolean,
  analysis: MessageAnalysis,
  products: readonly ProductRecord[],
): 'product_recommendation' | undefined {
  if (products.length === 0 || PERSON_WORDS.test(analysis.text)) return undefined;
  const misheard = intent === 'human_agent' || !understood;
  if (!misheard) return undefined;
  const kind = productNouns(analysis.text, products).length > 0;
  const budget = analysis.entities.some((e) => e.type === 'price_range');
  if (kind && (budget || intent === 'human_agent')) return 'product_recommendation';
  return undefined;
}

// Thanks and agreement: "ok thx", "cool, cheers", "great thank you".
const ACKNOWLEDGEMENT =
  /\b(?:thx|thanks|thank(?:s| you)|thank u|ty|tysm|cheers|ta|ok|okay|k|kk|cool|great|perfect|nice|got it|alright|sure|fine)\b/i;
// Words that do take leave: "ok bye", "thanks, that's all", "cheers, see you".
const FAREWELL =
  /\b(?:bye+|byebye|goodbye|cya|see (?:you|ya)|later|laters|ttyl|ciao|farewell|(?:good)?night|ta-ra|leav\w*|go(?:ing|tta)?|off|out|gone|run|exit|quit|done|that'?s (?:all|it|everything)|that will be all|nothing (?:else|more)|no more|end|close|log\w*|signing|take care|speak soon|talk soon|until next time|cheerio|have a (?:nice|good|great|lovely))\b/i;

/**
 * "ok thx" is an acknowledgement, not a farewell: the classifier hears the "ok" of "ok bye" in it, and answering
 * with a goodbye ends a conversation the visitor may still want. A message the classifier took for a goodbye
 * that thanks or agrees without a word of leave is served as thanks ("you're welcome, anything else?").
 */
export function acknowledgementIntent(intent: string, text: string): 'thanks' | undefined {
  if (intent !== 'goodbye') return undefined;
  if (!ACKNOWLEDGEMENT.test(text) || FAREWELL.test(text)) return undefined;
  return 'thanks';
}

/**
 * The assistant's answers that come before the intent's own action: knowledge for questions, products in
 * sentences, status-aware cancellations and follow-ups on what was just discussed. Null leaves the turn to the
 * intent's action.
 */
export async function assistantTurn(
  context: ActionContext,
  replies: Replies,
  products: readonly ProductRecord[],
  understood: boolean,
): Promise<ActionResult | null> {
  const { deps, conversation } = context;
  // An answer intent the shop's admins trained themselves (not one of the shipped contract's) is what they want
  // said: "do you offer gift wrapping?" gets their gift_wrapping reply, not a product search's "we don't carry it".
  if (understood && context.intent.action === 'answer' && !SHIPPED_INTENTS.has(context.intent.name))
    return null;
  const analysis = context.analysis as RichAnalysis;
  const text = analysis.text;
  // "noise cancelling ones?" is shopping, not a cancellation.
  const intent =
    context.intent.name === 'cancel_order' &&
    NOISE_CANCELLING.test(text) &&
    !CANCEL_WORD.test(text.replace(NOISE_CANCELLING, ''))
      ? (deps.intents.get('product_recommendation') ?? context.intent)
      : context.intent;
  const memory = await readMemory(deps, conversation.id, context.messageId);
  const topicProduct = conversation.topic?.productId
    ? products.find((p) => p.id === conversation.topic?.productId)
    : undefined;
  // "the other one", "the 16 one", "the cheaper one": a product the conversation already showed.
  const reference = referencedProduct(text, products, memory, topicProduct);
  const referenced = reference?.product;
  // A message naming a kind of product ("earbuds under 100") is about that, not about the product just discussed.
  const namesKind =
    productNouns(text, products).length > 0 || categoryEntities(analysis.entities, products).length > 0;
  const previous = referenced ?? (namesKind ? undefined : topicProduct);
  const question = {
    text,
    entities: analysis.entities,
    products,
    replies,
    ...(previous ? { previous } : {}),
  };
  const named = reference?.explicit
    ? referenced
    : (namedProduct(text, analysis.entities, products) ?? referenced);
  const act = dialogueAct(text);
  const hasOrder = analysis.entities.some((e) => e.type === 'order_number');
  const orderStatusIntent = deps.intents.get('order_status');

  // "cancel the first one", "and my other order?": an order the conversation mentioned.
  if (
    !hasOrder &&
    (ORDER_INTENTS.has(intent.name) || /\border\b/i.test(text) || memory.lastShown.length === 0)
  ) {
    const order = referencedOrder(text, memory, conversation.topic?.orderNumber);
    if (order) {
      const withOrder = withOrderNumber(context, order);
      const topic = { orderNumber: order };
      if (understood && intent.name === 'cancel_order') return cancelOrder(withOrder, replies);
      if (understood && TICKET_INTENTS.has(intent.name) && intent.name !== 'human_agent')
        return { ...(await createTicket(withOrder)), topic };
      if (orderStatusIntent)
        return { ...(await orderStatus({ ...withOrder, intent: orderStatusIntent })), topic };
    }
    if (OTHER_ORDER.test(text) && orderStatusIntent && (!understood || intent.name === 'order_status')) {
      return askForOrderNumber({ ...context, intent: orderStatusIntent }, replies, 'order_status');
    }
  }

  // "track it", "where is it now?" right after an order was discussed: that order, not a new request for its number.
  const topicOrder = conversation.topic?.orderNumber;
  if (
    !hasOrder &&
    topicOrder &&
    orderStatusIntent &&
    TRACK_IT.test(text) &&
    (!understood || intent.name === 'order_status' || intent.name === 'shipping_info')
  ) {
    return {
      ...(await orderStatus({ ...withOrderNumber(context, topicOrder), intent: orderStatusIntent })),
      topic: { orderNumber: topicOrder },
    };
  }

  // "status of my return request", "any news on my ticket?": the visitor's ticket, not the policy.
  const ticketStatusIntent = deps.intents.get('ticket_status');
  if (!hasOrder && ticketStatusIntent && TICKET_LOOKUP.test(text) && act !== 'problem') {
    return ticketStatus({ ...context, intent: ticketStatusIntent });
  }

  // "the order was ORD-10091" right after a ticket was opened: the number goes on that ticket, not a status lookup.
  if (
    hasOrder &&
    memory.lastTicketId &&
    act !== 'problem' &&
    text.trim().split(/\s+/).length <= 8 &&
    !STATUS_QUESTION.test(text) &&
    (!understood || intent.name === 'order_status' || SMALL_TALK.has(intent.name))
  ) {
    const added = await orderForTicket(context, memory.lastTicketId, replies);
    if (added) return added;
  }

  // "it's ORD-11328" right after the cancellation policy ("tell me the order number and I ask our team to cancel
  // it"): the number the policy asked for, so the cancellation goes ahead.
  if (
    hasOrder &&
    act !== 'problem' &&
    text.trim().split(/\s+/).length <= 6 &&
    !STATUS_QUESTION.test(text) &&
    (!understood ||
      intent.name === 'order_status' ||
      intent.name === 'cancel_order' ||
      SMALL_TALK.has(intent.name)) &&
    memory.lastArticleLink &&
    articleTagged(deps.knowledge?.(), memory.lastArticleLink, 'cancellation')
  ) {
    const cancel = deps.intents.get('cancel_order');
    if (cancel) return cancelOrder({ ...context, intent: cancel }, replies);
  }

  // "and #10073?", "what about ORD-10073": an order number with hardly anything else asks for that order's status.
  const rest = text
    .replace(/#?\b(?:ord[-\s]?)?\d{4,10}\b/gi, ' ')
    .replace(
      /\b(?:and|what|about|also|the|order|my|other|one|status|of|how|is|please|pls|then|ok|okay)\b/gi,
      ' ',
    )
    .replace(/[^\p{L}\p{N}]+/gu, '');
  // "hi, where's ORD-11331?", "what's going on with ORD-11331": a greeting or a loose phrase around an order
  // number is still about that order.
  if (
    hasOrder &&
    (rest === '' || ((!understood || SMALL_TALK.has(intent.name)) && act !== 'problem')) &&
    intent.name !== 'cancel_order' &&
    orderStatusIntent
  ) {
    return orderStatus({ ...context, intent: orderStatusIntent });
  }

  // "and to Canada?", "how many days?", "does it cover water damage?" right after a knowledge answer: the same
  // topic, answered from that article or a sibling of it.
  if (
    memory.lastArticleLink &&
    deps.knowledge &&
    !hasOrder &&
    !named &&
    !namesKind &&
    act === 'question' &&
    !KNOWLEDGE_FOLLOW_UP_EXCLUDED.has(intent.name)
  ) {
    const articles = deps.knowledge();
    const article = await followUpArticle(
      text,
      memory.lastArticleLink,
      deps.analyser,
      articles,
      analysis.knowledge,
    );
    if (article) {
      const said = chooseKnowledgeAnswer(
        {
          ...analysis,
          intent: { name: 'product_info', confidence: 1 },
          knowledge: [{ id: article.id, score: 1, lexical: 1, vector: 1 }],
        },
        new Map([[article.id, article]]),
        replies,
      );
      if (said) return { text: said.text, outcome: `knowledge_${article.slug}` };
    }
  }

  // Something went wrong ("arrived damaged", "never came", "charged twice", "won't charge"): a ticket for the
  // team that handles it, whatever the classifier made of the words.
  if (act === 'problem' && intent.name !== 'human_agent' && intent.name !== 'cancel_order') {
    const classified =
      understood &&
      TICKET_INTENTS.has(intent.name) &&
      !(intent.name === 'payment_issue' && !PAYMENT_WORDS.test(text));
    const ticketIntent = deps.intents.get(classified ? intent.name : (problemIntent(text) ?? 'complaint'));
    if (ticketIntent) return createTicket({ ...context, intent: ticketIntent });
  }

  // A broken, missing or unwanted item read as a product or order question is still a problem for a person.
  if (understood && MISREAD_AS_INFO.has(intent.name) && act !== 'question' && PROBLEM_WORDS.test(text)) {
    const ticketIntent = deps.intents.get(RETURN_WORDS.test(text) ? 'return_refund' : 'complaint');
    if (ticketIntent) return createTicket({ ...context, intent: ticketIntent });
  }

  // A request for the team ("I want to send back the yoga mat") is the intent's own action, even when it
  // names a product.
  const forPerson =
    understood &&
    TICKET_INTENTS.has(intent.name) &&
    intent.name !== 'cancel_order' &&
    intent.name !== 'human_agent' &&
    act !== 'question';

  // Two products side by side: "X vs Y", "which is better, X or Y?", "should I get X or Y?".
  if (!forPerson && !hasOrder && (COMPARE_CUE.test(text) || /\b(?:or|which)\b/i.test(text))) {
    const pair = twoProducts(text, analysis.entities, products);
    if (pair) {
      const compared = answerComparison(question, pair);
      if (compared) return productResult(compared);
    }
  }

  // "which one is cheaper?", "which of those is wireless?", "how much more is the 16?"
  const shown = latestList(products, memory);
  if (!forPerson && !hasOrder && shown.length >= 2 && ABOUT_SHOWN.test(text)) {
    if (/\bhow much (?:more|less|cheaper|extra)\b|\b(?:better|difference|compare)\b/i.test(text)) {
      const first = referenced ?? shown[0]!;
      const second = shown.find((p) => p.id !== first.id && p !== first) ?? shown[1]!;
      const compared = answerComparison(question, [first, second]);
      if (compared) return productResult(compared);
    }
    const about = answerAboutShown(question, shown);
    if (about) return productResult(about);
  }

  // "do you sell X?": what we sell of it, a knowledge article when it is about a service, or an honest no.
  // Shopping goes on after a "do you sell …?" too, even when the answer was "we don't carry that".
  const productContext =
    PRODUCT_INTENTS.has(intent.name) ||
    memory.lastShown.length > 0 ||
    topicProduct !== undefined ||
    (memory.visitorTexts[0] !== undefined && askedToSell(memory.visitorTexts[0]) !== undefined);
  const thing = forPerson ? undefined : askedToSell(text, productContext);
  if (thing) {
    if (named) {
      const about = answerAboutProduct({ ...question, chosen: named });
      if (about) return productResult(about);
    }
    // "a waterproof speaker", "wireless earbuds under 100": a kind with constraints is a shopping request.
    const wanted = constraintsOf(thing, analysis.entities, products);
    if (
      productNouns(thing, products).length > 0 &&
      (wanted.features.length > 0 || wanted.maxPrice !== undefined || wanted.minPrice !== undefined)
    ) {
      const within = recommendWithin(question, deps.settings.recommendationCount);
      if (within) return productResult(within);
    }
    if (productsMatching(thing, products).length === 0) {
      // "do you offer a warranty?", "do you sell gift cards?": a service the shop's knowledge describes.
      const service = articleNamed(thing, deps.knowledge?.() ?? new Map());
      if (service) {
        const said = chooseKnowledgeAnswer(
          {
            ...analysis,
            intent: { name: 'product_info', confidence: 1 },
            knowledge: [{ id: service.id, score: 1, lexical: 1, vector: 1 }],
          },
          new Map([[service.id, service]]),
          replies,
        );
        if (said) return { text: said.text, outcome: `knowledge_${service.slug}` };
      }
      const knowledge = chooseKnowledgeAnswer(
        { ...analysis, intent: { name: 'product_info', confidence: 1 } },
        deps.knowledge?.() ?? new Map(),
        replies,
      );
      if (knowledge && knowledge.score >= 0.5) {
        return { text: knowledge.text, outcome: `knowledge_${knowledge.article.slug}` };
      }
    }
    const answer = answerDoYouSell(question, thing);
    if (answer) return productResult(answer);
  }

  // "how much are the Aria headphones and how much is shipping?": the product's price here, the shipping part
  // from knowledge after it (otherParts).
  const priceAndPolicy = messageParts(text).some((p) => PRICE_OR_STOCK.test(p) && !POLICY_WORDS.test(p));
  // A product named with a price or stock question, or "how much is it?" about the one just discussed.
  const followsUp =
    previous !== undefined && (referenced !== undefined || (!namesKind && FOLLOW_UP_PRODUCT.test(text)));
  if (
    !forPerson &&
    !hasOrder &&
    ((named && (!POLICY_WORDS.test(text) || priceAndPolicy)) ||
      (followsUp && (PRODUCT_FACT.test(text) || referenced)))
  ) {
    if (COMPARE_CUE.test(text)) {
      const compared = answerComparison(question);
      if (compared) return productResult(compared);
    }
    if (intent.name !== 'product_recommendation' || !namesKind || referenced || PRICE_OR_STOCK.test(text)) {
      const about = answerAboutProduct(named ? { ...question, chosen: named } : question);
      if (about) return productResult(about);
    }
  }

  // A price question about a name we don't have but whose word points at one of ours: the closest, said so.
  const priceOf = PRICE_OF.exec(text)?.[1];
  if (!forPerson && !hasOrder && !named && priceOf && !POLICY_WORDS.test(text)) {
    const closest = answerByBrandWord(question, priceOf);
    if (closest) return productResult(closest);
  }

  const knowledge = chooseKnowledgeAnswer(analysis, deps.knowledge?.() ?? new Map(), replies);
  if (knowledge) return { text: knowledge.text, outcome: `knowledge_${knowledge.article.slug}` };

  // A question is never a ticket: on a request topic ("how long for the refund after I send it back?") with two
  // articles close together, both are given rather than a ticket opened for a question.
  if (
    act === 'question' &&
    understood &&
    TICKET_INTENTS.has(intent.name) &&
    intent.name !== 'human_agent' &&
    !hasOrder
  ) {
    const closest = closestArticles(analysis, deps.knowledge?.() ?? new Map(), replies);
    if (closest) return closest;
  }

  // A short follow-up naming only a kind or a budget ("and earbds?", "under $50 please") after product talk.
  const budget = analysis.entities.some((e) => e.type === 'price_range');
  const features = constraintsOf(text, analysis.entities, products).features.length > 0;
  const short = text.trim().split(/\s+/).length <= 10;
  const aboutRecords = analysis.entities.some((e) => e.type === 'email' || e.type === 'phone');
  if (
    short &&
    !hasOrder &&
    !aboutRecords &&
    !(understood && RECORD_INTENTS.has(intent.name)) &&
    (namesKind || budget || (features && productContext)) &&
    // The classifier's own out-of-scope class with only a loose catalogue match ("who won the game last night?").
    (intent.name !== OUT_OF_SCOPE || budget || productNouns(text, products).length > 0) &&
    (!understood || !TICKET_INTENTS.has(intent.name) || budget)
  ) {
    // "ok and under 100?": the kind of product is the one asked for a moment ago.
    const within = recommendWithin(
      namesKind ? question : inheritKind(question, memory, products),
      deps.settings.recommendationCount,
    );
    if (within) return productResult(within);
  }

  if (understood && intent.name === 'cancel_order') return cancelOrder(context, replies);

  if ((understood && PRODUCT_INTENTS.has(intent.name)) || followsUp) {
    if (COMPARE_CUE.test(text)) {
      const compared = answerComparison(question);
      if (compared) return productResult(compared);
    }
    if (intent.name !== 'product_recommendation') {
      const answer = answerAboutProduct(question);
      if (answer) return productResult(answer);
    }
    if (intent.name !== 'pricing_discount') {
      const within = recommendWithin(question, deps.settings.recommendationCount);
      if (within) return productResult(within);
    }
  }

  // Chit-chat and questions about the world: what the assistant can do instead, never a ticket.
  if (clearlyOutOfScope(analysis)) {
    return {
      text: replies.say('scope.out_of_scope'),
      suggestions: SCOPE_SUGGESTIONS,
      outcome: 'out_of_scope',
    };
  }

  return null;
}

// Words that ask where an order is: a status question, whatever came before.
const STATUS_QUESTION = /\b(?:status|where|track\w*|shipped|arrive\w*|when|deliver\w*)\b/i;

/** Adds the order number the visitor just gave to the ticket the bot's latest message was about. */
async function orderForTicket(
  context: ActionContext,
  ticketId: string,
  replies: Replies,
): Promise<ActionResult | null> {
  const { deps, analysis, conversation } = context;
  const mentioned = entityText(analysis, 'order_number');
  const ticket = await deps.repositories.tickets.findById(ticketId);
  if (!mentioned || !ticket || ticket.conversationId !== conversation.id) return null;
  if (ticket.status === 'resolved' || ticket.status === 'closed') return null;
  const orderNumber = orderNumberFrom(mentioned);
  const actor = conversation.visitorId ? `visitor:${conversation.visitorId}` : 'bot';
  const updated = (await deps.repositories.tickets.addNote(ticket.id, actor, analysis.text)) ?? ticket;
  deps.events.emit('ticket.updated', { ticketId: updated.id, number: updated.number, change: 'note_added' });
  return {
    text: replies.say('ticket.order_added', { orderNumber, ticketNumber: updated.number }),
    ticket: updated,
    pendingSlot: null,
    outcome: 'ticket_appended',
    topic: { orderNumber },
  };
}

/** Whether the article behind a `/help/…` link carries the tag. */
function articleTagged(
  articles: ReadonlyMap<string, KnowledgeArticleRecord> | undefined,
  link: string,
  tag: string,
): boolean {
  return [...(articles?.values() ?? [])].some((a) => a.link === link && a.tags.includes(tag));
}

/** Close to the best score, a runner-up article is given too. */
const RUNNER_UP_MARGIN = 0.08;
const RUNNER_UP_MIN_SCORE = 0.45;

/** The best article for a question whatever its lead over the next, and the next when it is nearly as close. */
function closestArticles(
  analysis: RichAnalysis,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
  replies: Replies,
): ActionResult | null {
  const matches = analysis.knowledge ?? [];
  const best = chooseKnowledgeAnswer(analysis, articles, replies, {
    ...DEFAULT_KNOWLEDGE_SETTINGS,
    minMargin: 0,
  });
  if (!best) return null;
  let text = best.text;
  const second = matches.find((m) => m.id !== best.article.id);
  const next = second ? articles.get(second.id) : undefined;
  if (
    second &&
    next?.link &&
    second.score >= RUNNER_UP_MIN_SCORE &&
    best.score - second.score < RUNNER_UP_MARGIN
  )
    text += ` ${replies.say('knowledge.also', { answer: next.answer, link: next.link, title: next.title })}`;
  return { text, outcome: `knowledge_${best.article.slug}` };
}

/**
 * The classifier's out-of-scope class, confidently ("what's the weather like?", "tell me a joke"): understood as
 * something the shop's assistant does not do, so it does not count towards the not-understood streak.
 */
export function clearlyOutOfScope(analysis: MessageAnalysis): boolean {
  if (analysis.intent.name !== OUT_OF_SCOPE || analysis.intent.confidence < CLEARLY_OUT_OF_SCOPE)
    return false;
  // Keyboard mashing ("asdfgh qwerty", "lorem ipsum") also lands in the out-of-scope class: a sentence has at
  // least one everyday English word.
  const said = analysis.text.toLowerCase().match(/[a-z']+/g) ?? [];
  return said.some((w) => EVERYDAY_WORDS.has(w));
}

const EVERYDAY_WORDS = new Set(
  (
    "a an the is are was were be do does did can could will would should what what's whats who who's where " +
    "when why how which me my you your i i'm it it's this that there in on at of to for with about tell give " +
    'know think like best good get make play sing write find'
  ).split(' '),
);

const CLEARLY_OUT_OF_SCOPE = 0.9;

const SCOPE_SUGGESTIONS: QuickReplySuggestion[] = [
  { type: 'quick_reply', text: 'Where is my order?' },
  { type: 'quick_reply', text: 'Shipping and returns' },
  { type: 'quick_reply', text: 'Help me find a product' },
];

const SHIPPED_INTENTS: ReadonlySet<string> = new Set(REQUIRED_INTENTS);
const CANCEL_WORD = /\bcancel/i;
const NOISE_CANCELLING = /\bnoise[-\s]?cancel\w*/i;

/** The knowledge article whose title or tags name the thing asked about ("warranty", "gift cards"). */
function articleNamed(
  thing: string,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
): KnowledgeArticleRecord | undefined {
  const said = (thing.toLowerCase().match(/\p{L}+/gu) ?? []).filter(
    (w) => w.length >= 3 && !THING_FILLER.has(w),
  );
  if (said.length === 0) return undefined;
  // By title first: "warranty" is the Warranty article, though damaged items are tagged with it too.
  for (const field of ['title', 'tags'] as const) {
    for (const article of articles.values()) {
      const source = field === 'title' ? article.title : article.tags.join(' ');
      const vocabulary = source.toLowerCase().match(/\p{L}+/gu) ?? [];
      if (said.every((w) => vocabulary.some((v) => sameWord(w, v)))) return article;
    }
  }
  return undefined;
}

const THING_FILLER = new Set(['any', 'some', 'the', 'your', 'you', 'kind', 'sort', 'type']);

/** The question with the kind of product (or category) of the visitor's latest message that named one. */
function inheritKind<T extends { text: string; entities: readonly AnalysedEntity[] }>(
  question: T,
  memory: ConversationMemory,
  products: readonly ProductRecord[],
): T {
  for (const [i, earlier] of memory.visitorTexts.slice(0, 3).entries()) {
    const nouns = productNouns(earlier, products);
    const categories = (memory.visitorEntities[i] ?? []).filter((e) => e.type === 'category');
    if (nouns.length === 0 && categories.length === 0) continue;
    return {
      ...question,
      text: `${question.text} ${nouns.join(' ')}`,
      entities: [...question.entities, ...categories],
    };
  }
  return question;
}

/** The context with an order number the visitor pointed at ("the first one") as if it had been typed. */
function withOrderNumber(context: ActionContext, orderNumber: string): ActionContext {
  const entity = {
    type: 'order_number',
    value: orderNumber.replace(/^ORD-/, ''),
    text: orderNumber,
    start: 0,
    end: 0,
  };
  return { ...context, analysis: { ...context.analysis, entities: [...context.analysis.entities, entity] } };
}

const SMALL_TALK = new Set(['greeting', 'goodbye', 'thanks', OUT_OF_SCOPE]);
// "can I track it?", "where is it now?", "tracking link?": the whereabouts of the order just discussed.
const TRACK_IT =
  /\b(?:track(?:ing)?|where is it|where's it|when will it (?:arrive|come|get here)|has it (?:shipped|been shipped|left))\b/i;
// The status of a request the visitor already made, not the policy behind it.
const TICKET_LOOKUP =
  /\b(?:status|update|news|progress|happened)\b[^.?!]*\b(?:my|the)\s+(?:\w+\s+)?(?:request|ticket|case|claim|complaint)\b|\b(?:my|the)\s+(?:\w+\s+)?(?:request|ticket|case|claim|complaint)\b[^.?!]*\b(?:status|update|progress)\b/i;

// Intents a short question keeps even right after a knowledge answer: records, a person, small talk.
const KNOWLEDGE_FOLLOW_UP_EXCLUDED = new Set([
  'order_status',
  'ticket_status',
  'update_contact',
  'account_access',
  'human_agent',
  'greeting',
  'goodbye',
  'thanks',
]);

// Intents that act on the visitor's own records: a product word in them ("my phone number") is no shopping.
const RECORD_INTENTS = new Set(['update_contact', 'ticket_status', 'account_access']);

const MISREAD_AS_INFO = new Set([
  'product_info',
  'order_status',
  'product_recommendation',
  'pricing_discount',
]);
const TICKET_INTENTS = new Set([
  'return_refund',
  'complaint',
  'payment_issue',
  'cancel_order',
  'human_agent',
]);
const PROBLEM_WORDS =
  /\b(?:broken|broke|damaged|cracked|defective|faulty|missing|crushed|leaks?|stopped working|doesn'?t work|does not work|not working|dont fit|doesn'?t fit|don'?t fit|wrong (?:item|size|colour|color)|refund|retu?rn|retrun|send (?:it|them) back)\b/i;
const RETURN_WORDS =
  /\b(?:refund|retu?rn|retrun|send (?:it|them) back|replace|replacement|exchange|faulty|broken|broke|defective|stopped working|doesn'?t work|does not work|not working|cracked|dont fit|doesn'?t fit|don'?t fit)\b/i;
const POLICY_WORDS =
  /\b(?:warrant\w*|guarantee|return\w*|refund\w*|ship\w*|deliver\w*|exchange\w*|cancel\w*)\b/i;
const PRICE_OR_STOCK =
  /\b(?:how much|price|prices|cost|costs|in stock|available|availability|can i (?:buy|get|order)|buy (?:it|one|them) now)\b/i;
// "how much is the aria pro max headset": what the price question is about.
const PRICE_OF =
  /\b(?:how much (?:is|are|does|do|for)|price of|cost of|can i (?:buy|get|order))\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:cost|costs|right now|now))?\s*[?.!]*$/i;
const PRODUCT_FACT =
  /\b(?:how much|price|cost|costs|cheaper|expensive|in stock|available|availability|colou?rs?|black|white|waterproof|battery|wireless)\b/i;

const CLOSED: Partial<Record<OrderRecord['status'], string>> = {
  cancelled: 'was already cancelled',
  returned: 'was returned',
};

/**
 * A cancellation acts on the named order (or the one just discussed) by its status: not shipped → a
 * cancellation request for the team; shipped or delivered → too late, the return path; cancelled or returned
 * → nothing to do. The number alone shows only the status, as the order-status rules allow.
 */
async function cancelOrder(context: ActionContext, replies: Replies): Promise<ActionResult> {
  const { deps, analysis, conversation } = context;
  const mentioned = entityText(analysis, 'order_number');
  const fromTopic = FOLLOW_UP_ORDER.test(analysis.text) ? conversation.topic?.orderNumber : null;
  const number = mentioned ? orderNumberFrom(mentioned) : (fromTopic ?? null);
  if (!number) return askForOrderNumber(context, replies, 'cancel_order');
  const order = await deps.repositories.orders.findByNumber(number);
  if (!order) {
    return {
      text: `I couldn't find an order with the number ${number}. Could you check it and send it again?`,
      pendingSlot: { intent: 'cancel_order', slot: 'order_number' },
      outcome: 'cancel_not_found',
    };
  }
  const topic = { orderNumber: order.number };
  if (order.status === 'placed' || order.status === 'paid') {
    const withNumber = mentioned
      ? context
      : {
          ...context,
          analysis: {
            ...analysis,
            entities: [
              ...analysis.entities,
              {
                type: 'order_number',
                value: order.number.replace(/^ORD-/, ''),
                text: order.number,
                start: 0,
                end: 0,
              },
            ],
          },
        };
    const ticketResult = await createTicket(withNumber);
    const ticket = ticketResult.ticket;
    return {
      ...ticketResult,
      text: ticket
        ? replies.say('order.cancel_requested', { orderNumber: order.number, ticketNumber: ticket.number })
        : ticketResult.text,
      outcome: 'cancel_requested',
      topic,
    };
  }
  if (order.status === 'shipped' || order.status === 'delivered') {
    const returns = deps.knowledge?.()
      ? [...deps.knowledge().values()].find((a) => a.slug === 'returns-policy')
      : undefined;
    return {
      text: replies.say('order.cancel_shipped', {
        orderNumber: order.number,
        link: returns?.link ?? '/help/returns-policy',
      }),
      pendingSlot: null,
      outcome: 'cancel_too_late',
      topic,
    };
  }
  return {
    text: replies.say('order.cancel_closed', {
      orderNumber: order.number,
      status: CLOSED[order.status] ?? 'is closed',
    }),
    pendingSlot: null,
    outcome: 'cancel_closed',
    topic,
  };
}

/**
 * Asks for the order number at most twice in a row; the third time a person is offered instead, so a
 * visitor without the number is never stuck in a loop.
 */
export function askForOrderNumber(context: ActionContext, replies: Replies, intent: string): ActionResult {
  const pending = context.conversation.pendingSlot;
  const asks = pending?.slot === 'order_number' ? (pending.asks ?? 1) : 0;
  if (asks >= 2) {
    return {
      text: replies.say('slot.offer_person'),
      suggestions: [{ type: 'quick_reply', text: 'Talk to a person' }],
      pendingSlot: { intent: 'human_agent', slot: PERSON_OFFER_SLOT },
      outcome: 'offered_person',
    };
  }
  return {
    text: replies.say(asks === 0 ? 'slot.ask_order_number' : 'slot.ask_order_number_again'),
    pendingSlot: { intent, slot: 'order_number', asks: asks + 1 },
    outcome: asks === 0 ? 'asked_order_number' : 'asked_order_number_again',
  };
}

/**
 * The other actionable parts of one message, after its main action: an email or phone typed alongside a
 * request is kept as an unverified claim on the visitor's own contact, and a new ticket says what happens next.
 */
export async function otherParts(
  context: ActionContext,
  result: ActionResult,
  replies: Replies,
): Promise<ActionResult> {
  const { deps, analysis, conversation, contactId, intent } = context;
  let text = result.text;
  const email = entityText(analysis, 'email');
  const phone = entityText(analysis, 'phone');
  // update_contact keeps them itself; next to an order number the email is also order-status's check.
  const handled = intent.action === 'update_contact';
  let claimedEmail: string | undefined;
  if ((email || phone) && !handled) {
    const stored = await recordClaims(deps, {
      contactId,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      email,
      phone,
    });
    if (stored.includes('email') && email) {
      claimedEmail = email;
      text += ` ${replies.say('contact.claim_kept', { email })}`;
    }
  }
  if (result.outcome === 'ticket_created' && result.ticket) {
    const hours = SLA_HOURS[result.ticket.priority];
    const byEmail = claimedEmail ? ` by email at ${claimedEmail}` : '';
    text += ` ${replies.say('ticket.next_steps', { slaHours: hours, byEmail })}`;
  }
  // Every other question of the message, answered from the shop's knowledge.
  if (deps.knowledge && result.outcome !== 'offered_person') {
    const more = await answerOtherQuestions(analysis.text, text, deps.analyser, deps.knowledge(), replies);
    if (more.length > 0)
      text = result.outcome === 'not_understood' ? more.join(' ') : `${text} ${more.join(' ')}`;
  }
  const orderNumber = entityText(analysis, 'order_number');
  const topic = result.topic ?? (orderNumber ? { orderNumber: orderNumberFrom(orderNumber) } : undefined);
  // An offer of a person not taken up is over once the conversation moves on.
  const stale = conversation.pendingSlot?.slot === PERSON_OFFER_SLOT && result.pendingSlot === undefined;
  return { ...result, text, ...(topic ? { topic } : {}), ...(stale ? { pendingSlot: null } : {}) };
}

/** The problem or request of a message whose intent is a question about the same topic ("is it broken?"). */
export function needsPerson(text: string): boolean {
  return dialogueAct(text) !== 'question';
}
