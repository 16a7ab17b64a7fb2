import type { LinearArtifact } from './artifact.ts';
import { validateLinearArtifact } from './artifact.ts';
import { dequantize } from './quantize.ts';
import type { LinearModel } from './softmax-regression.ts';
import { linearScores, softmaxInPlace } from './softmax-regression.ts';
import type { IntentClassifier, IntentResult, RankedIntent } from './types.ts';
import { OUT_OF_SCOPE } from './types.ts';
import { embeddingTokens, TfidfVectorizer } from './vectorizer.ts';
import { embedderFrom } from './word-vectors.ts';

/** How one text was judged, before it is turned into the public result shape. */
export interface LinearDecision {
  /** Calibrated probabilities, one per label. */
  probabilities: Float64Array;
  /** Best in-scope label index (-1 when the model only knows out_of_scope, which training forbids). */
  bestInScope: number;
  outOfScope: boolean;
}

/**
 * TF-IDF features (and a dense block of word-vector features) → one linear score per intent → temperature-scaled softmax. Ensembles trained on the same
 * features are summed into this single weight matrix at training time, so classifying costs one sparse product.
 */
export class LinearIntentClassifier implements IntentClassifier {
  readonly kind = 'concierge-linear';
  readonly labels: readonly string[];
  readonly temperature: number;
  /** Raw-score threshold below which the best intent is judged out of scope; null: never by threshold. */
  readonly outOfScopeThreshold: number | null;
  private readonly artifact: LinearArtifact;
  private readonly vectorizer: TfidfVectorizer;
  private readonly model: LinearModel;
  private readonly outOfScopeIndex: number;

  constructor(artifact: LinearArtifact) {
    this.artifact = artifact;
    this.labels = artifact.labels;
    this.temperature = artifact.temperature;
    this.outOfScopeThreshold = artifact.outOfScopeThreshold;
    this.vectorizer = new TfidfVectorizer(
      artifact.features,
      artifact.vocabulary,
      Float32Array.from(artifact.idf),
      artifact.embedding ? embedderFrom(artifact.embedding) : undefined,
    );
    this.model = {
      classes: artifact.labels.length,
      weights: dequantize(artifact.weights),
      bias: Float32Array.from(artifact.bias),
    };
    this.outOfScopeIndex = artifact.labels.indexOf(OUT_OF_SCOPE);
  }

  static fromJSON(value: unknown): LinearIntentClassifier {
    return new LinearIntentClassifier(validateLinearArtifact(value));
  }

  /**
   * The text's word-vector block as the classifier computes it (SIF-weighted mean of the model's stored word
   * vectors), or undefined when the model has no vectors or no word of the text has one. Knowledge retrieval
   * compares texts with it, so it needs no vector table of its own.
   */
  embed(text: string): Float32Array | undefined {
    return this.vectorizer.embedder?.embed(embeddingTokens(text));
  }

  /** Raw (uncalibrated) linear scores, for calibration and evaluation code. */
  scores(text: string): Float64Array {
    return linearScores(this.model, this.vectorizer.transform(text), new Float64Array(this.model.classes));
  }

  decide(text: string): LinearDecision {
    const scores = this.scores(text);
    let bestInScope = -1;
    for (let c = 0; c < scores.length; c++) {
      if (c === this.outOfScopeIndex) continue;
      if (bestInScope < 0 || scores[c]! > scores[bestInScope]!) bestInScope = c;
    }
    const bestScore = bestInScope < 0 ? -Infinity : scores[bestInScope]!;
    const explicit = this.outOfScopeIndex >= 0 && scores[this.outOfScopeIndex]! > bestScore;
    // The threshold applies to the raw score of the best intent ("max logit", Hendrycks et al. 2022): with many
    // intents it separates unknown requests better than the softmax probability, whose mass is spread thin.
    const belowThreshold = this.outOfScopeThreshold !== null && bestScore < this.outOfScopeThreshold;
    const probabilities = softmaxInPlace(scores, this.temperature);
    return { probabilities, bestInScope, outOfScope: bestInScope < 0 || explicit || belowThreshold };
  }

  classify(text: string): IntentResult {
    const { probabilities, bestInScope, outOfScope } = this.decide(text);
    const ranking: RankedIntent[] = this.labels.map((name, c) => ({ name, confidence: probabilities[c]! }));
    ranking.sort((a, b) => b.confidence - a.confidence || (a.name < b.name ? -1 : 1));
    const best = bestInScope < 0 ? 0 : probabilities[bestInScope]!;
    if (!outOfScope) return { intent: { name: this.labels[bestInScope]!, confidence: best }, ranking };
    // Rejected by the explicit class: its calibrated probability. By the threshold: how often that was right.
    const explicit = this.outOfScopeIndex >= 0 ? probabilities[this.outOfScopeIndex]! : 0;
    const confidence = explicit > best ? explicit : this.artifact.outOfScopeConfidence;
    return { intent: { name: OUT_OF_SCOPE, confidence }, ranking };
  }

  toJSON(): LinearArtifact {
    return structuredClone(this.artifact);
  }
}
