import type { AnalysedDoc, BaseDoc } from './document.ts';
import type { Catalogue } from './entities/catalogue.ts';
import type { IntentClassifier } from './intent/types.ts';
import type { KnowledgeEntry } from './retrieval/knowledge-index.ts';
import type { PipelineSettings } from './settings.ts';
import { createEntityStep } from './steps/entities.ts';
import { createIntentStep } from './steps/intent.ts';
import { createKnowledgeStep } from './steps/knowledge.ts';
import { createLanguageStep } from './steps/language.ts';
import { createLemmatizeStep } from './steps/lemmatize.ts';
import { createNormaliseStep } from './steps/normalise.ts';
import { createSentimentStep } from './steps/sentiment.ts';
import { createTokenizeStep } from './steps/tokenize.ts';
import type { NlpAnalysis, Token } from './types.ts';

export interface NlpPipelineOptions {
  classifier: IntentClassifier;
  settings: PipelineSettings;
  catalogue?: Catalogue;
  /** The shop's knowledge articles, searched for every message (`analysis.knowledge`). */
  knowledge?: readonly KnowledgeEntry[];
  /** The reference moment for relative dates; defaults to the clock. Tests pass a fixed one. */
  now?: () => Date;
}

export interface NlpPipeline {
  analyse(text: string): NlpAnalysis;
  /** The full document with every step's field, for debugging and the admin console. */
  process(text: string): AnalysedDoc;
  /** Replaces the knowledge articles searched from the next message on. */
  setKnowledge(entries: readonly KnowledgeEntry[]): void;
}

/** The steps in order, built from the settings; the benchmark times them one by one. */
export function createPipelineSteps(options: NlpPipelineOptions) {
  const { settings, classifier } = options;
  return {
    normalise: createNormaliseStep(settings),
    tokenize: createTokenizeStep(),
    lemmatize: createLemmatizeStep(),
    entities: createEntityStep({
      settings,
      catalogue: options.catalogue ?? {},
      now: options.now ?? (() => new Date()),
    }),
    sentiment: createSentimentStep(settings),
    intent: createIntentStep(classifier),
    language: createLanguageStep(),
    knowledge: createKnowledgeStep(options.knowledge ?? [], classifier),
  };
}

/**
 * normalise → tokenize + POS → lemmas → entities → sentiment → intent → language → knowledge, each step built
 * from the settings.
 * Swapping the classifier is one argument, which is what benchmarks and the admin retrain rely on.
 */
export function createNlpPipeline(options: NlpPipelineOptions): NlpPipeline {
  const { normalise, tokenize, lemmatize, entities, sentiment, intent, language, knowledge } =
    createPipelineSteps(options);

  const run = (text: string): AnalysedDoc => {
    const doc: BaseDoc = { original: text };
    return knowledge.process(
      language.process(
        intent.process(
          sentiment.process(entities.process(lemmatize.process(tokenize.process(normalise.process(doc))))),
        ),
      ),
    );
  };

  return {
    process: run,
    setKnowledge: (entries) => knowledge.setEntries(entries),
    analyse(text) {
      const doc = run(text);
      const tokens: Token[] = doc.tagged.tokens.map((t, i) => ({
        text: t.text,
        start: t.start,
        end: t.end,
        pos: t.pos,
        lemma: doc.lemmas[i] ?? t.text.toLowerCase(),
      }));
      return {
        text,
        tokens,
        entities: doc.entities,
        sentiment: doc.sentiment,
        intent: doc.intent.intent,
        ranking: doc.intent.ranking,
        language: doc.language,
        knowledge: doc.knowledge,
      };
    },
  };
}
