import type { CandidateReport } from '../../../nlp/evaluation/candidate-report.ts';
import type { LabeledExample } from '../../../nlp/intent/types.ts';

/** What a training thread is started with (structured-cloned). */
export interface TrainThreadData {
  examples: LabeledExample[];
  dataHash: string;
  folds: number;
  seed: number;
  /** The deployed model's training data when the job started: the candidate is scored on it too (the gate). */
  reference?: { versionId: string; examples: LabeledExample[] };
  /** Lower the thread's CPU priority (Linux: per thread), so the chat's threads win the cores. */
  nice: number;
}

export type TrainStage = 'evaluating' | 'training' | 'saving';

export type FromTrainThread =
  | { type: 'progress'; stage: TrainStage; progress: number }
  /** `file` is the saved-model JSON (nlp/model-store.ts format), ready to store as it is. */
  | { type: 'done'; file: string; report: CandidateReport; kind: string }
  | { type: 'failed'; error: { name: string; message: string } };
