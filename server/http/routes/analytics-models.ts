import { Router } from 'express';
import type { HttpRegistration } from '../../app.ts';
import { MODEL_NAMES, type ModelName, type ModelService } from '../../analytics/models/model-service.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole } from '../guards.ts';

/**
 * `/api/analytics/models/*` (admins): each model's stored inputs and outputs as JSON, so every figure can be
 * reproduced, and retraining on demand (docs/api.md).
 */
export function analyticsModelRoutes(service: ModelService): HttpRegistration {
  return (app, context) => {
    const router = Router();
    router.use(requireRole(context.auth, ADMINS));

    router.get('/', async (_req, res) => {
      const models = await Promise.all(
        MODEL_NAMES.map(async (name) => ({
          name,
          trainedAt: (await service.output(name))?.trainedAt ?? null,
        })),
      );
      res.json({ training: service.isTraining(), lastError: service.lastError(), models });
    });

    router.post('/retrain', async (req, res) => {
      const training = service.retrain();
      if (req.query.wait === 'true') {
        res.json(await training);
        return;
      }
      training.catch(() => {});
      res.status(202).json({ training: true });
    });

    router.get('/:name', async (req, res) => {
      const name = req.params.name;
      if (!(MODEL_NAMES as readonly string[]).includes(name)) {
        throw new AppError('NOT_FOUND', `No model named ${name}; models: ${MODEL_NAMES.join(', ')}.`);
      }
      const run = await service.output(name as ModelName);
      if (run === null) throw new AppError('NOT_FOUND', 'This model has not been trained yet.');
      res.json({ name, trainedAt: run.trainedAt, ...(run.output as object) });
    });

    app.use('/api/analytics/models', router);
  };
}
