import type { AnalysedDoc, LanguageDoc, PipelineStep } from '../document.ts';
import type { IntentClassifier } from '../intent/types.ts';
import {
  createKnowledgeIndex,
  type KnowledgeEntry,
  type KnowledgeIndex,
  type TextEmbedding,
} from '../retrieval/knowledge-index.ts';

/** How many articles a message carries in its analysis: the engine needs the best and the runner-up. */
const MATCHES = 3;

export interface KnowledgeStep extends PipelineStep<LanguageDoc, AnalysedDoc> {
  /** Replaces the articles (an admin edited them); the next message is searched against the new ones. */
  setEntries(entries: readonly KnowledgeEntry[]): void;
}

/** The classifier's word-vector block, when it has one (the linear classifier does). */
export function embeddingOf(classifier: IntentClassifier): TextEmbedding | undefined {
  const embed = (classifier as { embed?: unknown }).embed;
  return typeof embed === 'function'
    ? (text) => embed.call(classifier, text) as Float32Array | undefined
    : undefined;
}

/** The knowledge articles closest to the message (empty for a message in another language or no articles). */
export function createKnowledgeStep(
  entries: readonly KnowledgeEntry[],
  classifier: IntentClassifier,
): KnowledgeStep {
  const embed = embeddingOf(classifier);
  let index: KnowledgeIndex = createKnowledgeIndex(entries, embed ? { embed } : {});
  return {
    name: 'knowledge',
    setEntries(next) {
      index = createKnowledgeIndex(next, embed ? { embed } : {});
    },
    process: (doc) => ({
      ...doc,
      knowledge: doc.language.english && index.size > 0 ? index.search(doc.normalised.text, MATCHES) : [],
    }),
  };
}
