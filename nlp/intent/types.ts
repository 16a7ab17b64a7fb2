// The contract between the intent classifier and the NLP pipeline (fixed; both sides code against it).

export interface LabeledExample {
  text: string;
  intent: string; // may be 'out_of_scope'
}

export interface RankedIntent {
  name: string;
  confidence: number; // in [0,1], calibrated
}

export interface IntentResult {
  intent: RankedIntent; // intent.name = 'out_of_scope' when judged out of scope
  ranking: RankedIntent[];
}

/** Versioned JSON artifact; the rest of its shape belongs to the classifier kind. */
export interface IntentModelArtifact {
  format: 'concierge-intent-model';
  version: number;
  kind: string;
  [key: string]: unknown;
}

export interface IntentClassifier {
  readonly kind: string; // e.g. 'concierge-linear'
  classify(text: string): IntentResult; // synchronous, fast (p99 < 0.5 ms for chat-length text)
  toJSON(): IntentModelArtifact;
}

export interface TrainOptions {
  /** Seed for shuffling and splits; training is deterministic for a given seed. Default 1. */
  seed?: number;
  /** Passes over the training data. */
  epochs?: number;
  /** L2 penalty per example. */
  l2?: number;
  /**
   * Held-out examples (e.g. a published validation split) used to fit the temperature and the out-of-scope
   * threshold. Without them the classifier holds out part of the training data itself (cross-fitting).
   */
  validation?: LabeledExample[];
  /**
   * Share of out-of-scope messages assumed when learning the threshold (it maximises
   * (1 − share) · in-scope accuracy + share · out-of-scope recall on held-out data). Default 0.2.
   */
  outOfScopeShare?: number;
  /**
   * Instead of an assumed share: the out-of-scope recall the threshold must reach, with 95% confidence, on the
   * held-out data (0 to 1); the lowest such threshold is used, so in-scope accuracy stays as high as it can.
   * When the held-out data has too few out-of-scope items to show it, the share rule applies.
   */
  outOfScopeRecall?: number;
  /** A fixed out-of-scope threshold on the best intent's raw score, instead of the learnt one. */
  outOfScopeThreshold?: number;
  /** Copied into the artifact (e.g. the hash of the intent data the model was trained on). */
  metadata?: Record<string, unknown>;
}

export const OUT_OF_SCOPE = 'out_of_scope';
