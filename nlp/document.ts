import type { Document as WinkDocument } from 'wink-nlp';
import type { IntentResult } from './intent/types.ts';
import type { DetectedLanguage } from './language/detect.ts';
import type { KnowledgeMatch } from './retrieval/knowledge-index.ts';
import type { Entity, Sentiment } from './types.ts';

/**
 * The text the NLP libraries read, with a map back to the original: NFKC and whitespace folding change lengths,
 * and every offset the pipeline reports must point into the text the caller gave.
 */
export interface NormalisedText {
  text: string;
  /** For each UTF-16 unit of `text`, where its source starts in the original. */
  originStart: readonly number[];
  /** For each UTF-16 unit of `text`, where its source ends (exclusive) in the original. */
  originEnd: readonly number[];
  /** True when the cap cut the message. */
  truncated: boolean;
}

/** A token before lemmatisation; offsets into the original text and into the normalised text. */
export interface TaggedToken {
  text: string;
  start: number;
  end: number;
  pos: string;
  /** Offsets into `normalised.text`, for steps that read the normalised text. */
  normStart: number;
  normEnd: number;
  /** wink-nlp's negation flag: the token is inside the scope of a negation. */
  negated: boolean;
  /** Index of the token's first wink-nlp token, counted over all chunks (for per-token wink outputs). */
  winkIndex: number;
}

/** What the tokenizer leaves for later steps: the tokens and the wink-nlp document of each chunk it read. */
export interface Tagged {
  tokens: TaggedToken[];
  chunks: { doc: WinkDocument; tokenCount: number }[];
}

/** The document passed along the steps; each step returns a copy with one more field. */
export interface BaseDoc {
  readonly original: string;
}
export type NormalisedDoc = BaseDoc & { readonly normalised: NormalisedText };
export type TaggedDoc = NormalisedDoc & { readonly tagged: Tagged };
export type LemmatisedDoc = TaggedDoc & { readonly lemmas: string[] };
export type EntityDoc = LemmatisedDoc & { readonly entities: Entity[] };
export type SentimentDoc = EntityDoc & { readonly sentiment: Sentiment };
export type IntentDoc = SentimentDoc & { readonly intent: IntentResult };
export type LanguageDoc = IntentDoc & { readonly language: DetectedLanguage };
export type AnalysedDoc = LanguageDoc & { readonly knowledge: KnowledgeMatch[] };

/** One pipeline step: reads what earlier steps added and adds one field. */
export interface PipelineStep<In extends BaseDoc, Out extends In> {
  readonly name: string;
  process(doc: In): Out;
}
