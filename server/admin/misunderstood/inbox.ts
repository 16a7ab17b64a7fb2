import type { MisunderstoodInboxView, MisunderstoodGroupView } from '../../contracts/misunderstood.ts';
import { OUT_OF_SCOPE_INTENT } from '../../conversation/analysis.ts';
import type { KnowledgeRepository } from '../../data/repositories/knowledge.ts';
import type { MessageRepository } from '../../data/repositories/messages.ts';
import type { DomainEvents } from '../../events/domain-events.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type {
  MisunderstoodMessage,
  MisunderstoodMessages,
  MisunderstoodSource,
} from '../data/misunderstood-messages.ts';
import type { IntentStore } from '../intent-store.ts';
import { maskPersonalData } from '../pii-mask.ts';
import { groupBySimilarity } from './grouping.ts';

/** How many open entries are grouped at once (the newest); grouping is quadratic in the worst case. */
export const GROUPED_ENTRIES_LIMIT = 1000;
const EXAMPLES_PER_GROUP = 10;

export interface MisunderstoodInboxOptions {
  entries: MisunderstoodMessages;
  messages: Pick<MessageRepository, 'findById'>;
  intents: IntentStore;
  knowledge: KnowledgeRepository;
  /** Visitor messages understood with less confidence than this are reported. */
  threshold: number;
  /** Told after a knowledge article gained question variants, so the chat answers from them at once. */
  onKnowledgeChange?: () => Promise<unknown>;
}

export type MisunderstoodInbox = ReturnType<typeof createMisunderstoodInbox>;

/**
 * The misunderstood inbox (docs/admin.md): entries are recorded with their text masked, grouped by similarity
 * when listed, and closed by adding them to an intent (through the intent store, with its validation and
 * versions), to a knowledge article's question variants, or by dismissing them.
 */
export function createMisunderstoodInbox(options: MisunderstoodInboxOptions) {
  const { entries, intents } = options;

  /** Stores a visitor message as training material: masked before it is written. */
  async function report(
    messageId: string,
    source: MisunderstoodSource,
    predicted?: { intent: string; confidence: number },
    correction?: { intent: string; by: string },
  ): Promise<MisunderstoodMessage | null> {
    const message = await options.messages.findById(messageId);
    if (message === null || message.sender !== 'visitor') return null;
    return entries.record({
      messageId,
      conversationId: message.conversationId,
      text: maskPersonalData(message.text).slice(0, 2000),
      source,
      predicted: predicted ?? predictionOf(message.nlp),
      ...(correction ? { suggestedIntent: correction.intent, correctedBy: correction.by } : {}),
    });
  }

  const openEntries = async (ids: readonly string[]) => {
    const found = await entries.findOpenByIds([...new Set(ids)]);
    if (found.length === 0) {
      throw new AppError('CONFLICT', 'These messages were already handled; reload the inbox.');
    }
    return found;
  };

  return {
    report,

    /** An agent says the bot got a visitor message wrong: the intent it should have been. */
    async correct(messageId: string, intent: string, by: string): Promise<MisunderstoodMessage> {
      const message = await options.messages.findById(messageId);
      if (message === null || message.sender !== 'visitor') {
        throw new AppError('NOT_FOUND', 'No such visitor message.');
      }
      if (intent !== OUT_OF_SCOPE_INTENT) await intents.get(intent);
      return (await report(messageId, 'correction', undefined, { intent, by }))!;
    },

    async list(): Promise<MisunderstoodInboxView> {
      const [open, total] = await Promise.all([entries.listOpen(GROUPED_ENTRIES_LIMIT), entries.countOpen()]);
      return { total, grouped: open.length, groups: groupBySimilarity(open).map(groupView) };
    },

    /** Adds the entries' texts to an intent's examples (a new intent version) and closes them. */
    async addToIntent(ids: readonly string[], intent: string, version: number, actor: string) {
      const found = await openEntries(ids);
      const current = await intents.get(intent);
      const known = new Set(current.examples.map((example) => example.toLowerCase()));
      const added = uniqueTexts(found).filter((text) => !known.has(text.toLowerCase()));
      const updated =
        added.length === 0
          ? current
          : await intents.update(intent, version, { examples: [...current.examples, ...added] }, actor);
      const closed = await entries.resolve(
        found.map((entry) => entry.id),
        { kind: 'intent', target: intent, by: actor, at: new Date() },
      );
      return { intent: updated.name, version: updated.version, added, closed };
    },

    /** Adds the entries' texts to a knowledge article's question variants and closes them. */
    async addToKnowledge(ids: readonly string[], articleId: string, version: number, actor: string) {
      const found = await openEntries(ids);
      const article = await options.knowledge.findById(articleId);
      if (article === null) throw new AppError('NOT_FOUND', 'Knowledge article not found.');
      const known = new Set(article.questions.map((question) => question.toLowerCase()));
      const added = uniqueTexts(found).filter((text) => !known.has(text.toLowerCase()));
      const updated =
        added.length === 0
          ? article
          : await options.knowledge.update(
              articleId,
              version,
              { questions: [...article.questions, ...added] },
              actor,
            );
      if (added.length > 0) await options.onKnowledgeChange?.();
      const closed = await entries.resolve(
        found.map((entry) => entry.id),
        { kind: 'knowledge', target: articleId, by: actor, at: new Date() },
      );
      return { articleId, version: updated.version, added, closed };
    },

    async dismiss(ids: readonly string[], actor: string) {
      const found = await openEntries(ids);
      const closed = await entries.resolve(
        found.map((entry) => entry.id),
        { kind: 'dismissed', target: null, by: actor, at: new Date() },
      );
      return { closed };
    },
  };
}

/** Distinct texts (case-insensitive) in the entries' order. */
function uniqueTexts(found: readonly MisunderstoodMessage[]): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const entry of found) {
    const key = entry.text.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    texts.push(entry.text.trim());
  }
  return texts;
}

/** The group's distinct texts, each with the entries that have it, the most frequent first. */
function examplesOf(members: readonly MisunderstoodMessage[]): MisunderstoodGroupView['examples'] {
  const byText = new Map<string, { text: string; entryIds: string[] }>();
  for (const entry of members) {
    const key = entry.text.trim().toLowerCase();
    const example = byText.get(key) ?? { text: entry.text.trim(), entryIds: [] };
    example.entryIds.push(entry.id);
    byText.set(key, example);
  }
  return [...byText.values()].sort((a, b) => b.entryIds.length - a.entryIds.length);
}

function predictionOf(nlp: unknown): { intent: string; confidence: number } {
  const intent = (nlp as { intent?: { name?: unknown; confidence?: unknown } } | null)?.intent;
  return {
    intent: typeof intent?.name === 'string' ? intent.name : OUT_OF_SCOPE_INTENT,
    confidence: typeof intent?.confidence === 'number' ? intent.confidence : 0,
  };
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > counts.get(best)!) best = value;
  return best;
}

function groupView(group: { representative: MisunderstoodMessage; members: MisunderstoodMessage[] }) {
  const { members } = group;
  const sources: Partial<Record<MisunderstoodSource, number>> = {};
  for (const entry of members)
    for (const source of entry.sources) sources[source] = (sources[source] ?? 0) + 1;
  const view: MisunderstoodGroupView = {
    id: group.representative.id,
    text: group.representative.text,
    count: members.length,
    examples: examplesOf(members).slice(0, EXAMPLES_PER_GROUP),
    entryIds: members.map((entry) => entry.id),
    sources,
    suggestedIntent: mostCommon(members.flatMap((entry) => entry.suggestedIntent ?? [])),
    predictedIntent: mostCommon(members.map((entry) => entry.predicted.intent)),
    lastSeenAt: new Date(Math.max(...members.map((entry) => entry.createdAt.getTime()))).toISOString(),
    conversationIds: [...new Set(members.map((entry) => entry.conversationId))].slice(0, EXAMPLES_PER_GROUP),
  };
  return view;
}

/**
 * Feeds the inbox from the chat's events, never from inside a reply: the event bus runs listeners after the
 * reply is written, and a failing listener is logged, not thrown to the chat.
 */
export function feedMisunderstoodInbox(
  inbox: Pick<MisunderstoodInbox, 'report'>,
  events: EventBus,
  threshold: number,
  logger: Logger,
): () => void {
  const failed = (error: unknown) => logger.warn({ err: error }, 'misunderstood inbox entry not recorded');
  const classified = (event: DomainEvents['intent.classified']) => {
    const outOfScope = event.intent === OUT_OF_SCOPE_INTENT;
    if (!outOfScope && event.confidence >= threshold) return undefined;
    // Returned so that the bus's drain() (tests, shutdown) waits for the write.
    return inbox
      .report(event.messageId, outOfScope ? 'out_of_scope' : 'low_confidence', {
        intent: event.intent,
        confidence: event.confidence,
      })
      .then(() => {}, failed);
  };
  const completed = (event: DomainEvents['action.completed']) => {
    if (event.action !== 'not_understood') return undefined;
    return inbox.report(event.messageId, 'fallback').then(() => {}, failed);
  };
  const off = [events.on('intent.classified', classified), events.on('action.completed', completed)];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
