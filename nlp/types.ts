import type { RankedIntent } from './intent/types.ts';
import type { DetectedLanguage } from './language/detect.ts';
import type { KnowledgeMatch } from './retrieval/knowledge-index.ts';

/** Entity types the pipeline recognises; response templates name them in camelCase (`{orderNumber}`). */
export const ENTITY_TYPES = [
  'email',
  'phone',
  'url',
  'order_number',
  'ticket_number',
  'money',
  'date',
  'product',
  'category',
  'price_range',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export function placeholderFor(type: EntityType): string {
  return type.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

/** A word of the message; offsets are UTF-16 indices into the text given to the pipeline (end exclusive). */
export interface Token {
  text: string;
  start: number;
  end: number;
  pos: string;
  lemma: string;
}

export interface Money {
  amount: number;
  /** ISO 4217 code when the currency is recognised, otherwise compromise's name for it. */
  currency: string;
}

/** A price limit of a shopping request ("under $150": `{ max: 150, currency: 'USD' }`). */
export interface PriceRange {
  min?: number;
  max?: number;
  /** ISO 4217 when the message names a currency. */
  currency?: string;
}

/** A day (`YYYY-MM-DD`) or an inclusive range of days. */
export type DateValue = { date: string } | { start: string; end: string };

export interface CatalogueMatch {
  /** The catalogue entry's id. */
  id: string;
  /** The catalogue entry's canonical name. */
  name: string;
}

export type EntityValue = string | Money | DateValue | CatalogueMatch | PriceRange;

export interface Entity {
  type: EntityType;
  value: EntityValue;
  /** The matched text exactly as it appears in the original message. */
  text: string;
  start: number;
  end: number;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export interface Sentiment {
  score: number;
  label: SentimentLabel;
}

/** The pipeline's answer; the shape of `POST /api/nlp/parse`. */
export interface NlpAnalysis {
  text: string;
  tokens: Token[];
  entities: Entity[];
  sentiment: Sentiment;
  intent: RankedIntent;
  ranking: RankedIntent[];
  /** Whether the message is English; the intent means nothing when it is not. */
  language: DetectedLanguage;
  /** The shop's knowledge articles closest to the message, best first (at most three). */
  knowledge: KnowledgeMatch[];
}
