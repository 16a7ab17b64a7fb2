import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Types } from 'mongoose';
import { toTrainingExamples } from '../../../intents/loader.ts';
import { threadEntry } from '../../../nlp/thread-entry.ts';
import type { TrainingJobView, WithDates } from '../../contracts/admin.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ArtifactStore } from '../data/artifacts.ts';
import type { Leases } from '../data/lease.ts';
import type { AdminModels, DeploymentDoc, ModelVersionDoc, TrainingJobDoc } from '../data/models.ts';
import type { IntentStore } from '../intent-store.ts';
import type { FromTrainThread, TrainThreadData } from './train-messages.ts';

const TRAIN_ENTRY = threadEntry(import.meta.url, 'train-thread');
const LEASE_MS = 60_000;

export type TrainingJobRecord = WithDates<TrainingJobView, 'startedAt' | 'finishedAt'>;

function toJob(doc: TrainingJobDoc): TrainingJobRecord {
  return {
    id: doc._id.toHexString(),
    state: doc.state,
    stage: doc.stage,
    progress: doc.progress,
    examples: doc.examples,
    dataHash: doc.dataHash,
    modelVersionId: doc.modelVersionId?.toHexString() ?? null,
    error: doc.error,
    startedBy: doc.startedBy,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
  };
}

export interface TrainingJobsOptions {
  models: AdminModels;
  leases: Leases;
  artifacts: ArtifactStore;
  store: IntentStore;
  logger: Logger;
  folds: number;
  deployment?: string;
  seed?: number;
  /** Nice value of the training thread (Linux: per thread); 0 leaves it alone. Default 19. */
  nice?: number;
  /** Replaces the thread's script (specs). */
  entry?: URL;
}

/**
 * Training jobs: one at a time per deployment across all nodes (a lease in the database), each on its own
 * worker thread at a lower CPU priority, reporting its stage and progress in `training_jobs` (clients poll
 * `GET /api/admin/training/jobs/:id`). A finished job leaves a kept model version with its evaluation report.
 */
export function createTrainingJobs(options: TrainingJobsOptions) {
  const { models, leases, artifacts, logger } = options;
  const deployment = options.deployment ?? 'default';
  const leaseName = `training:${deployment}`;
  const node = `${hostname()}:${process.pid}`;
  const running = new Map<string, { worker: Worker; done: Promise<TrainingJobRecord> }>();

  const update = (id: Types.ObjectId, set: Partial<TrainingJobDoc>) =>
    models.TrainingJob.updateOne({ _id: id }, { $set: set });

  const nextNumber = async (): Promise<number> => {
    const last = await models.ModelVersion.findOne({}, { number: 1 }).sort({ number: -1 }).lean();
    return (last?.number ?? 0) + 1;
  };

  /**
   * The deployed version's training data, for the gate's comparison on common ground (scoreOnReference);
   * none when nothing is deployed from the store or the data did not change (the score would be its own).
   */
  const referenceData = async (dataHash: string): Promise<TrainThreadData['reference']> => {
    const deployed = await models.Deployment.findById(deployment).lean<DeploymentDoc>();
    if (deployed === null) return undefined;
    const version = await models.ModelVersion.findById(deployed.modelVersionId).lean<ModelVersionDoc>();
    if (version === null || version.dataHash === dataHash) return undefined;
    return {
      versionId: version._id.toHexString(),
      examples: toTrainingExamples({
        intents: version.intents,
        // Versions kept before the out-of-scope examples were stored: the current ones are the best guess.
        outOfScope: version.outOfScope ?? (await options.store.trainingData()).outOfScope,
      }),
    };
  };

  async function start(actor: string | null): Promise<TrainingJobRecord> {
    const data = await options.store.trainingData();
    const examples = toTrainingExamples(data);
    const owner = `${node}:${randomBytes(4).toString('hex')}`;
    if (!(await leases.acquire(leaseName, owner, LEASE_MS))) {
      throw new AppError('TRAINING_IN_PROGRESS');
    }
    // A job still marked running here was left by a node that died (its lease expired).
    await models.TrainingJob.updateMany(
      { deployment, state: 'running' },
      { $set: { state: 'failed', error: 'the node running it stopped', finishedAt: new Date() } },
    );
    const doc = await models.TrainingJob.create({
      deployment,
      state: 'running',
      stage: 'queued',
      progress: 0,
      node,
      dataHash: data.hash,
      examples: examples.length,
      startedBy: actor,
      startedAt: new Date(),
    });
    const jobId = doc._id;
    const reference = await referenceData(data.hash);
    const workerData: TrainThreadData = {
      examples,
      dataHash: data.hash,
      folds: options.folds,
      seed: options.seed ?? 1,
      // The lowest priority: training is background work and may take longer, the chat may not.
      nice: options.nice ?? 19,
      ...(reference ? { reference } : {}),
    };
    const worker = new Worker(options.entry ?? TRAIN_ENTRY, { workerData, name: 'training' });
    const heartbeat = setInterval(() => {
      leases.renew(leaseName, owner, LEASE_MS).catch((error: unknown) => {
        logger.warn({ err: error }, 'training lease renewal failed');
      });
    }, LEASE_MS / 4);
    heartbeat.unref();

    const done = new Promise<TrainingJobRecord>((resolve) => {
      let lastWritten = -1;
      let finished = false;
      // The thread ends on its own once it has sent its result, while the result is still being stored.
      let delivered = false;
      const finish = async (set: Partial<TrainingJobDoc>) => {
        if (finished) return;
        finished = true;
        clearInterval(heartbeat);
        try {
          await update(jobId, { ...set, finishedAt: new Date() });
        } finally {
          await leases.release(leaseName, owner).catch(() => {});
          running.delete(jobId.toHexString());
          void worker.terminate();
          const saved = await models.TrainingJob.findById(jobId).lean<TrainingJobDoc>();
          resolve(toJob(saved!));
        }
      };
      const fail = (message: string) => {
        logger.error({ job: jobId.toHexString(), reason: message }, 'training job failed');
        void finish({ state: 'failed', error: message }).catch(() => {});
      };
      worker.on('message', (message: FromTrainThread) => {
        if (message.type === 'progress') {
          // A write per stage change or per 5 points, not per fold of a large set.
          if (message.progress - lastWritten < 0.05 && message.stage !== 'saving') return;
          lastWritten = message.progress;
          void update(jobId, { stage: message.stage, progress: message.progress }).catch(() => {});
        } else if (message.type === 'failed') {
          fail(message.error.message);
        } else {
          delivered = true;
          void (async () => {
            const artifact = await artifacts.save(`model-${jobId.toHexString()}.json`, message.file);
            let version;
            for (let attempt = 0; ; attempt++) {
              try {
                version = await models.ModelVersion.create({
                  number: await nextNumber(),
                  jobId,
                  dataHash: data.hash,
                  kind: message.kind,
                  intents: data.intents,
                  outOfScope: data.outOfScope,
                  artifactId: artifact.id,
                  artifactBytes: artifact.bytes,
                  report: message.report,
                  createdBy: actor,
                });
                break;
              } catch (error) {
                // Two nodes numbering at once: take the next number.
                if ((error as { code?: number }).code !== 11000 || attempt >= 5) throw error;
              }
            }
            logger.info(
              { job: jobId.toHexString(), macroF1: message.report.macroF1, bytes: artifact.bytes },
              'training job finished',
            );
            await finish({ state: 'succeeded', stage: 'done', progress: 1, modelVersionId: version._id });
          })().catch((error: unknown) => fail((error as Error).message));
        }
      });
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => {
        if (!finished && !delivered) fail(`the training thread exited with code ${code}`);
      });
    });
    running.set(jobId.toHexString(), { worker, done });
    return toJob(doc.toObject());
  }

  return {
    start,
    async get(id: string): Promise<TrainingJobRecord> {
      if (!Types.ObjectId.isValid(id)) throw new AppError('INVALID_ID', 'The job id is not valid.');
      const doc = await models.TrainingJob.findById(id).lean<TrainingJobDoc>();
      if (doc === null) throw new AppError('NOT_FOUND', 'Training job not found.');
      return toJob(doc);
    },
    async list(limit = 20): Promise<TrainingJobRecord[]> {
      const docs = await models.TrainingJob.find({ deployment })
        .sort({ startedAt: -1 })
        .limit(limit)
        .lean<TrainingJobDoc[]>();
      return docs.map(toJob);
    },
    /** Resolves when a job started on this node ends (specs, scripts). */
    finished(id: string): Promise<TrainingJobRecord> {
      return running.get(id)?.done ?? this.get(id);
    },
    async close(): Promise<void> {
      for (const { worker } of running.values()) await worker.terminate();
    },
  };
}

export type TrainingJobs = ReturnType<typeof createTrainingJobs>;
