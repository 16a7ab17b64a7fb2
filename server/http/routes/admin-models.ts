import { Router } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import type { CandidateAnalysers } from '../../admin/candidate-analysers.ts';
import type { ModelDeployments } from '../../admin/deployments.ts';
import type { TrainingJobs } from '../../admin/training/job-runner.ts';
import { OUT_OF_SCOPE } from '../../../nlp/intent/types.ts';
import type { NlpAnalysis } from '../../../nlp/types.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { parseIdParam, parseInput } from '../validation.ts';
import type { TextAnalyser } from './nlp.ts';

const reason = z.string().trim().min(10, 'write at least a sentence (10 characters)').max(1000);
export const deployBody = z.object({ override: z.object({ reason }).optional() });
export const rollbackBody = z.object({ reason });

/** "Try it": a text (as long as a visitor's message may be) and the model to ask. */
export const tryItBody = (maxLength: number) =>
  z.object({
    text: z.string().trim().min(1, 'Give a non-empty text.').max(maxLength),
    model: z
      .string()
      .regex(/^(deployed|candidate:[0-9a-f]{24})$/i, 'expected "deployed" or "candidate:<model version id>"')
      .default('deployed'),
  });

export interface AdminModelRoutesDeps {
  jobs: TrainingJobs;
  deployments: ModelDeployments;
  candidates: CandidateAnalysers;
  /** The chat's own analyser (the deployed model on this node). */
  deployed: TextAnalyser;
  /** The deployment revision this node has loaded. */
  loadedRevision: () => number;
}

/** The "Try it" answer: the analysis plus the out-of-scope decision spelled out. */
function tryResult(model: string, analysis: NlpAnalysis) {
  return { model, ...analysis, outOfScope: { decision: analysis.intent.name === OUT_OF_SCOPE } };
}

/**
 * Training jobs, kept model versions, the deploy gate, deploys and rollbacks, and "Try it" (docs/admin.md).
 * Admins only.
 */
export function adminModelRoutes(deps: AdminModelRoutesDeps): HttpRegistration {
  return (app, context) => {
    const guard = requireRole(context.auth, ADMINS);

    const training = Router();
    training.use(guard);
    training.post('/jobs', async (req, res) => {
      res.status(202).json(await deps.jobs.start(req.staff!.userId));
    });
    training.get('/jobs', async (_req, res) => {
      res.json({ items: await deps.jobs.list() });
    });
    training.get('/jobs/:id', async (req, res) => {
      res.json(await deps.jobs.get(parseIdParam(req.params.id, 'training job id')));
    });
    app.use('/api/admin/training', training);

    const models = Router();
    models.use(guard);
    models.get('/', async (_req, res) => {
      res.json({ items: await deps.deployments.list(), deployment: await deps.deployments.current() });
    });
    models.get('/deployment', async (_req, res) => {
      res.json({ deployment: await deps.deployments.current(), loadedRevision: deps.loadedRevision() });
    });
    models.get('/:id', async (req, res) => {
      res.json(await deps.deployments.get(parseIdParam(req.params.id, 'model version id')));
    });
    models.get('/:id/gate', async (req, res) => {
      res.json(await deps.deployments.checkGate(parseIdParam(req.params.id, 'model version id')));
    });
    models.post('/:id/deploy', async (req, res) => {
      const { override } = parseInput(deployBody, req.body ?? {});
      res.json(
        await deps.deployments.deploy(
          parseIdParam(req.params.id, 'model version id'),
          req.staff!.userId,
          override,
        ),
      );
    });
    models.post('/:id/rollback', async (req, res) => {
      const body = parseInput(rollbackBody, req.body ?? {});
      res.json({
        deployment: await deps.deployments.rollback(
          parseIdParam(req.params.id, 'model version id'),
          req.staff!.userId,
          body.reason,
        ),
      });
    });
    app.use('/api/admin/models', models);

    const tryBody = tryItBody(context.config.messageMaxLength);
    const tryIt = Router();
    tryIt.use(guard);
    tryIt.post('/try', async (req, res) => {
      const { text, model } = parseInput(tryBody, req.body);
      const analysis =
        model === 'deployed'
          ? await deps.deployed.analyse(text)
          : await deps.candidates.analyse(model.slice('candidate:'.length).toLowerCase(), text);
      res.json(tryResult(model, analysis));
    });
    app.use('/api/nlp', tryIt);
  };
}
