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
  seed?: number;
  /** Number of passes over the training data. */
  epochs?: number;
  /** Held-out fraction used to fit the temperature and the out-of-scope threshold. */
  calibrationFraction?: number;
  /** Target out-of-scope recall on held-out data when no explicit out_of_scope examples exist. */
  oosThreshold?: number;
}

export const OUT_OF_SCOPE = 'out_of_scope';
