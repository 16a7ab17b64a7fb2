import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CandidateReport } from '../../../nlp/evaluation/candidate-report.ts';
import type { IntentDefinition } from '../../../intents/loader.ts';

/** A trained model kept for deploys and rollbacks; its file is in GridFS (`model_artifacts`), never inline. */
export interface ModelVersionDoc {
  _id: Types.ObjectId;
  /** Rises by one per trained model (v1, v2…): what people call a version. */
  number: number;
  jobId: Types.ObjectId | null;
  dataHash: string;
  kind: string;
  /** The intents' actions and responses as trained: the chat swaps them with the model. */
  intents: IntentDefinition[];
  /** The out-of-scope examples as trained (absent on versions kept before they were stored). */
  outOfScope?: string[];
  /** The saved-model file (nlp/model-store.ts format) in GridFS. Tens of MB with vectors: over BSON's 16 MB. */
  artifactId: Types.ObjectId;
  artifactBytes: number;
  report: CandidateReport;
  createdBy: string | null;
  createdAt: Date;
}

export const modelVersionSchema = new Schema<ModelVersionDoc>(
  {
    number: { type: Number, required: true },
    jobId: { type: Schema.Types.ObjectId, default: null },
    dataHash: { type: String, required: true },
    kind: { type: String, required: true },
    intents: { type: Schema.Types.Mixed, required: true },
    outOfScope: { type: [String], default: undefined },
    artifactId: { type: Schema.Types.ObjectId, required: true },
    artifactBytes: { type: Number, required: true },
    report: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
modelVersionSchema.index({ number: -1 }, { unique: true });

export const JOB_STATES = ['running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface TrainingJobDoc {
  _id: Types.ObjectId;
  deployment: string;
  state: JobState;
  stage: 'queued' | 'evaluating' | 'training' | 'saving' | 'done';
  /** 0 to 1. */
  progress: number;
  /** The node running it (`hostname:pid`), which keeps the lock alive. */
  node: string;
  dataHash: string;
  examples: number;
  modelVersionId: Types.ObjectId | null;
  error: string | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export const trainingJobSchema = new Schema<TrainingJobDoc>({
  deployment: { type: String, required: true },
  state: { type: String, enum: JOB_STATES, required: true },
  stage: { type: String, required: true },
  progress: { type: Number, default: 0 },
  node: { type: String, required: true },
  dataHash: { type: String, required: true },
  examples: { type: Number, required: true },
  modelVersionId: { type: Schema.Types.ObjectId, default: null },
  error: { type: String, default: null },
  startedBy: { type: String, default: null },
  startedAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
});
trainingJobSchema.index({ startedAt: -1 });

/** A lease held by one node across all nodes (one training job per deployment). */
export interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export const lockSchema = new Schema<LockDoc>({
  _id: { type: String, required: true },
  owner: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});

/** Which model version a deployment answers with; every node follows it. */
export interface DeploymentDoc {
  _id: string;
  modelVersionId: Types.ObjectId;
  previousModelVersionId: Types.ObjectId | null;
  deployedBy: string | null;
  deployedAt: Date;
  /** Set when an admin deployed past the gate, or rolled back. */
  override: { reason: string } | null;
  /** Raised on every deploy: nodes compare it with what they loaded. */
  revision: number;
}

export const deploymentSchema = new Schema<DeploymentDoc>({
  _id: { type: String, required: true },
  modelVersionId: { type: Schema.Types.ObjectId, required: true },
  previousModelVersionId: { type: Schema.Types.ObjectId, default: null },
  deployedBy: { type: String, default: null },
  deployedAt: { type: Date, required: true },
  override: { type: Schema.Types.Mixed, default: null },
  revision: { type: Number, required: true },
});

export interface AdminModels {
  ModelVersion: Model<ModelVersionDoc>;
  TrainingJob: Model<TrainingJobDoc>;
  Lock: Model<LockDoc>;
  Deployment: Model<DeploymentDoc>;
}

const cache = new WeakMap<Connection, AdminModels>();

/** The admin side's models, bound to one connection like the others (server/data/models/index.ts). */
export function getAdminModels(connection: Connection): AdminModels {
  const existing = cache.get(connection);
  if (existing) return existing;
  const models: AdminModels = {
    ModelVersion: connection.model<ModelVersionDoc>('ModelVersion', modelVersionSchema, 'model_versions'),
    TrainingJob: connection.model<TrainingJobDoc>('TrainingJob', trainingJobSchema, 'training_jobs'),
    Lock: connection.model<LockDoc>('Lock', lockSchema, 'locks'),
    Deployment: connection.model<DeploymentDoc>('Deployment', deploymentSchema, 'deployments'),
  };
  cache.set(connection, models);
  return models;
}

export async function ensureAdminIndexes(models: AdminModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createCollection().catch((error: unknown) => {
      if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
  }
}
