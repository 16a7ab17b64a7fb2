import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import type { IntentDefinition } from '../../intents/loader.ts';
import type { AuditRepository } from '../data/repositories/audit.ts';
import { AppError } from '../shared/errors.ts';
import type { ArtifactStore } from './data/artifacts.ts';
import type { AdminModels, DeploymentDoc, ModelVersionDoc } from './data/models.ts';

export const DEPLOYED_CHANNEL = 'concierge:model-deployed';

export interface ModelVersionSummary {
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
  createdAt: Date;
}

function summary(doc: ModelVersionDoc, deployedId: string | null): ModelVersionSummary {
  return {
    id: doc._id.toHexString(),
    number: doc.number,
    jobId: doc.jobId?.toHexString() ?? null,
    dataHash: doc.dataHash,
    kind: doc.kind,
    accuracy: doc.report.accuracy,
    macroF1: doc.report.macroF1,
    expectedCalibrationError: doc.report.reliability.expectedCalibrationError,
    examples: doc.report.examples,
    intents: doc.report.intents,
    artifactBytes: doc.artifactBytes,
    deployed: doc._id.toHexString() === deployedId,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
  };
}

export interface DeploymentRecord {
  modelVersionId: string;
  previousModelVersionId: string | null;
  deployedBy: string | null;
  deployedAt: Date;
  override: { reason: string } | null;
  revision: number;
}

function toDeployment(doc: DeploymentDoc): DeploymentRecord {
  return {
    modelVersionId: doc.modelVersionId.toHexString(),
    previousModelVersionId: doc.previousModelVersionId?.toHexString() ?? null,
    deployedBy: doc.deployedBy,
    deployedAt: doc.deployedAt,
    override: doc.override ?? null,
    revision: doc.revision,
  };
}

/** A model version written to this node's disk, ready for the NLP worker to load. */
export interface MaterialisedModel {
  versionId: string;
  modelPath: string;
  dataHash: string;
  intents: IntentDefinition[];
}

export interface GateResult {
  passed: boolean;
  candidateMacroF1: number;
  deployedMacroF1: number | null;
  margin: number;
  /**
   * What the candidate's score was measured on: `deployed-data` (the deployed version's training data, the
   * same test as the deployed score) or `own-data` (its own k-fold: nothing deployed to compare with, or a
   * version deployed after the candidate was trained).
   */
  basis: 'deployed-data' | 'own-data';
}

export interface ModelDeploymentsOptions {
  models: AdminModels;
  artifacts: ArtifactStore;
  audit: AuditRepository;
  /** Model files are written under `<dataDir>/models/versions/`. */
  dataDir: string;
  /** DEPLOY_GATE_MARGIN. */
  margin: number;
  deployment?: string;
  /** Publishes deploys to every node; without it only this node is told (`onDeployed`). */
  redis?: Redis | null;
}

/**
 * Kept model versions, the deploy gate and the deployment every node follows. A deploy writes the deployment
 * document (its `revision` rises), then announces it; nodes that miss the announcement see it on their next
 * poll (deployment-follower.ts).
 */
export function createModelDeployments(options: ModelDeploymentsOptions) {
  const { models, artifacts, audit } = options;
  const deployment = options.deployment ?? 'default';
  const localListeners = new Set<() => void>();

  const findVersion = async (id: string): Promise<ModelVersionDoc> => {
    if (!Types.ObjectId.isValid(id)) throw new AppError('INVALID_ID', 'The model version id is not valid.');
    const doc = await models.ModelVersion.findById(id).lean<ModelVersionDoc>();
    if (doc === null) throw new AppError('NOT_FOUND', 'Model version not found.');
    return doc;
  };

  const current = async (): Promise<DeploymentDoc | null> =>
    models.Deployment.findById(deployment).lean<DeploymentDoc>();

  const gate = async (candidate: ModelVersionDoc): Promise<GateResult> => {
    const deployed = await current();
    const baseline =
      deployed === null
        ? null
        : await models.ModelVersion.findById(deployed.modelVersionId).lean<ModelVersionDoc>();
    const deployedMacroF1 = baseline?.report.macroF1 ?? null;
    // Two k-fold scores on different data are not comparable: a candidate's own data defines what is right,
    // so an intent turned to nonsense still scores well on it. The candidate's score on the deployed data is.
    const reference = candidate.report.reference;
    const comparable =
      baseline !== null && reference !== undefined && reference.versionId === baseline._id.toHexString();
    const candidateMacroF1 = comparable ? reference.macroF1 : candidate.report.macroF1;
    return {
      // Nothing deployed from the store yet (the model trained from the files at start-up has no report).
      passed: deployedMacroF1 === null || candidateMacroF1 >= deployedMacroF1 - options.margin,
      candidateMacroF1,
      deployedMacroF1,
      margin: options.margin,
      basis: comparable ? 'deployed-data' : 'own-data',
    };
  };

  const announce = async (revision: number) => {
    for (const listener of localListeners) listener();
    if (options.redis)
      await options.redis.publish(DEPLOYED_CHANNEL, JSON.stringify({ deployment, revision }));
  };

  const write = async (
    version: ModelVersionDoc,
    actor: string | null,
    override: { reason: string } | null,
  ): Promise<DeploymentRecord> => {
    const previous = await current();
    const doc = await models.Deployment.findOneAndUpdate(
      { _id: deployment },
      {
        $set: {
          modelVersionId: version._id,
          previousModelVersionId: previous?.modelVersionId ?? null,
          deployedBy: actor,
          deployedAt: new Date(),
          override,
        },
        $inc: { revision: 1 },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean<DeploymentDoc>();
    await announce(doc!.revision);
    return toDeployment(doc!);
  };

  return {
    async list(): Promise<ModelVersionSummary[]> {
      const deployed = await current();
      const docs = await models.ModelVersion.find({}, { report: 0, intents: 0, outOfScope: 0 })
        .sort({ number: -1 })
        .lean<ModelVersionDoc[]>();
      // The list reads a few report fields only; fetch them without the confusion matrix and examples.
      const reports = await models.ModelVersion.find(
        {},
        {
          'report.accuracy': 1,
          'report.macroF1': 1,
          'report.examples': 1,
          'report.intents': 1,
          'report.reliability.expectedCalibrationError': 1,
        },
      ).lean<ModelVersionDoc[]>();
      const byId = new Map(reports.map((r) => [r._id.toHexString(), r.report]));
      return docs.map((doc) =>
        summary(
          { ...doc, report: byId.get(doc._id.toHexString())! },
          deployed?.modelVersionId.toHexString() ?? null,
        ),
      );
    },

    async get(id: string): Promise<ModelVersionSummary & { report: ModelVersionDoc['report'] }> {
      const doc = await findVersion(id);
      const deployed = await current();
      return { ...summary(doc, deployed?.modelVersionId.toHexString() ?? null), report: doc.report };
    },

    async current(): Promise<DeploymentRecord | null> {
      const doc = await current();
      return doc === null ? null : toDeployment(doc);
    },

    async checkGate(id: string): Promise<GateResult> {
      return gate(await findVersion(id));
    },

    /**
     * Deploys a candidate if it passes the gate; an admin overrides a refusal with a written reason, and the
     * override is audited with both scores.
     */
    async deploy(
      id: string,
      actor: string | null,
      override?: { reason: string },
    ): Promise<{ deployment: DeploymentRecord; gate: GateResult }> {
      const version = await findVersion(id);
      const result = await gate(version);
      if (!result.passed && override === undefined) {
        throw new AppError('DEPLOY_GATE_REFUSED', undefined, {
          details: {
            candidateMacroF1: result.candidateMacroF1,
            deployedMacroF1: result.deployedMacroF1,
            margin: result.margin,
            basis: result.basis,
          },
        });
      }
      const usedOverride = result.passed ? null : override!;
      const record = await write(version, actor, usedOverride);
      await audit.record({
        actor: { type: 'user', id: actor },
        action: usedOverride ? 'model.deploy_override' : 'model.deploy',
        target: { type: 'model_version', id },
        data: {
          number: version.number,
          gate: result,
          ...(usedOverride ? { reason: usedOverride.reason } : {}),
        },
      });
      return { deployment: record, gate: result };
    },

    /** Brings back any kept version at once (no gate: it is a return to a known model), audited with the reason. */
    async rollback(id: string, actor: string | null, reason: string): Promise<DeploymentRecord> {
      const version = await findVersion(id);
      const record = await write(version, actor, { reason: `rollback: ${reason}` });
      await audit.record({
        actor: { type: 'user', id: actor },
        action: 'model.rollback',
        target: { type: 'model_version', id },
        data: { number: version.number, reason },
      });
      return record;
    },

    /** Writes a version's model file to this node's disk (once) for the NLP worker to load. */
    async materialise(id: string): Promise<MaterialisedModel> {
      const version = await findVersion(id);
      const dir = path.join(options.dataDir, 'models', 'versions');
      const modelPath = path.join(dir, `${id}.json`);
      const exists = await stat(modelPath).then(
        (s) => s.size === version.artifactBytes,
        () => false,
      );
      if (!exists) {
        await mkdir(dir, { recursive: true });
        const temporary = `${modelPath}.${process.pid}.tmp`;
        await writeFile(temporary, await artifacts.read(version.artifactId));
        await rename(temporary, modelPath);
      }
      return { versionId: id, modelPath, dataHash: version.dataHash, intents: version.intents };
    },

    /** Told of deploys made on this node (the follower listens; Redis tells the others). */
    onDeployed(listener: () => void): () => void {
      localListeners.add(listener);
      return () => localListeners.delete(listener);
    },
  };
}

export type ModelDeployments = ReturnType<typeof createModelDeployments>;
