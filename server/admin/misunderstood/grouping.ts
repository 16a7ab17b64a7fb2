import { DiceCoefficient } from 'natural/lib/natural/distance/index.js';
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/index.js';
// Not natural's util index: it also loads the storage backends (dotenv, mongoose, pg, redis), see the pitfalls.
// @ts-expect-error the file has no type declaration of its own; `words` is a string array.
import { words as stopwords } from 'natural/lib/natural/util/stopwords.js';

/** What grouping needs of an inbox entry. */
export interface GroupableMessage {
  id: string;
  text: string;
}

export interface MessageGroup<T extends GroupableMessage> {
  /** The first (newest) member: it names the group. */
  representative: T;
  members: T[];
}

const tokenizer = new WordTokenizer();
const STOP = new Set<string>(stopwords as string[]);

/**
 * The words that carry the meaning, stemmed ("refunds" and "refunded" are one word). A message made only of
 * stop words ("how are you") keeps them all, so it still groups with its own kind.
 */
export function contentStems(text: string): Set<string> {
  const words = tokenizer.tokenize(text.toLowerCase());
  const content = words.filter((word) => !STOP.has(word));
  return new Set((content.length > 0 ? content : words).map((word) => PorterStemmer.stem(word)));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * How alike two messages are, 0 to 1: the share of content stems they have in common, or, when that misses a
 * typo ("refnud my order"), the character-bigram overlap of the whole texts (Dice), slightly discounted so
 * that word overlap decides when both apply.
 */
export function similarity(
  a: { stems: ReadonlySet<string>; text: string },
  b: { stems: ReadonlySet<string>; text: string },
): number {
  return Math.max(jaccard(a.stems, b.stems), 0.9 * DiceCoefficient(a.text, b.text));
}

/** Messages at least this alike share a group. */
export const GROUP_THRESHOLD = 0.5;

/**
 * Groups messages by similarity: each message joins the group whose representative it is most alike (at least
 * `threshold`), otherwise starts its own. Greedy and in the given order (newest first), so a group's name is its
 * newest message and grouping the same entries twice gives the same groups. Groups come largest first.
 * Quadratic in the worst case: the caller bounds the number of entries.
 */
export function groupBySimilarity<T extends GroupableMessage>(
  messages: readonly T[],
  threshold = GROUP_THRESHOLD,
): MessageGroup<T>[] {
  const groups: { key: { stems: Set<string>; text: string }; group: MessageGroup<T>; order: number }[] = [];
  for (const message of messages) {
    const key = { stems: contentStems(message.text), text: normalised(message.text) };
    let best: (typeof groups)[number] | null = null;
    let bestScore = threshold;
    for (const candidate of groups) {
      const score = similarity(key, candidate.key);
      if (score >= bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) best.group.members.push(message);
    else groups.push({ key, group: { representative: message, members: [message] }, order: groups.length });
  }
  return groups
    .sort((a, b) => b.group.members.length - a.group.members.length || a.order - b.order)
    .map((entry) => entry.group);
}
