// REST DTOs of the admin routes (`/api/admin/intents`, `/api/admin/knowledge`, `/api/admin/training`,
// `/api/admin/models`, `POST /api/nlp/try`) as the console reads them: the JSON shapes, dates as ISO strings.
// docs/admin.md explains every field.
export type { CandidateReport, ReferenceScore } from '../../nlp/evaluation/candidate-report.ts';
export { INTENT_ACTIONS } from '../../intents/actions.ts';
export { ENTITY_TYPES } from '../../nlp/types.ts';

export interface IntentSummaryView {
  id: string;
  name: string;
  kind: 'intent' | 'out_of_scope';
  action: string;
  exampleCount: number;
  responseCount: number;
  version: number;
  updatedAt: string;
}

export interface IntentContentView {
  name: string;
  action: string;
  description: string | null;
  examples: string[];
  responses: string[];
  entities: string[];
}

export interface IntentView extends IntentContentView {
  id: string;
  kind: 'intent' | 'out_of_scope';
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

export interface KnowledgeContentView {
  slug: string;
  title: string;
  questions: string[];
  answer: string;
  link: string | null;
  tags: string[];
  active: boolean;
}

export interface KnowledgeView extends KnowledgeContentView {
  id: string;
  synthetic: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

/** One saved version of an intent or article; `snapshot` is null for the deletion that ended its history. */
export interface RevisionView<Snapshot> {
  version: number;
  snapshot: Snapshot | null;
  actor: string | null;
  at: string;
}

export type FieldChangeView =
  | { field: string; kind: 'list'; added: string[]; removed: string[] }
  | { field: string; kind: 'value'; from: unknown; to: unknown };

export interface DiffView {
  changes: FieldChangeView[];
}

/** 400 VALIDATION_FAILED `details.problems`: each names its file (`intents/<name>.json`) and, on import, its line. */
export interface DataProblemView {
  file: string;
  message: string;
  line?: number;
}

export type TrainingStage = 'queued' | 'evaluating' | 'training' | 'saving' | 'done';

export interface TrainingJobView {
  id: string;
  state: 'running' | 'succeeded' | 'failed';
  stage: TrainingStage;
  progress: number;
  examples: number;
  dataHash: string;
  modelVersionId: string | null;
  error: string | null;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ModelVersionView {
  id: string;
  number: number;
  jobId: string | null;
  dataHash: string;
  kind: string;
  accuracy: number;
  macroF1: number;
  expectedCalibrationError: number;
  examples: number;
  intents: number;
  artifactBytes: number;
  deployed: boolean;
  createdBy: string | null;
  createdAt: string;
}

export interface DeploymentView {
  modelVersionId: string;
  previousModelVersionId: string | null;
  deployedBy: string | null;
  deployedAt: string;
  override: { reason: string } | null;
  revision: number;
}

export interface GateView {
  passed: boolean;
  candidateMacroF1: number;
  deployedMacroF1: number | null;
  margin: number;
  basis: 'deployed-data' | 'own-data';
}

/** `POST /api/nlp/try`: what the pipeline made of a sentence, with one model. */
export interface TryResultView {
  model: string;
  text: string;
  tokens: { text: string; start: number; end: number; pos: string; lemma: string }[];
  entities: { type: string; text: string; start: number; end: number; value: unknown }[];
  sentiment: { score: number; label: string };
  intent: { name: string; confidence: number };
  ranking: { name: string; confidence: number }[];
  outOfScope: { decision: boolean };
}
