import { Router } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import type { IntentStore } from '../../admin/intent-store.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { parseInput } from '../validation.ts';
import { auditAdmin, expectedVersion, sendVersioned, withoutVersion } from './admin-common.ts';

const nameParam = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'not an intent name');
const versionNumber = z.coerce.number().int().min(1);
export const importBody = z.object({
  files: z
    .array(z.object({ path: z.string().min(1).max(200), content: z.string().max(2_000_000) }))
    .min(1)
    .max(500),
  replace: z.boolean().default(false),
});

/** `/api/admin/intents`: the intent store (docs/admin.md). Admins only. */
export function adminIntentRoutes(store: IntentStore): HttpRegistration {
  return (app, context) => {
    const { audit } = context.repositories;
    const router = Router();
    router.use(requireRole(context.auth, ADMINS));
    const name = (value: unknown) => parseInput(nameParam, value);

    router.get('/', async (_req, res) => {
      res.json({ items: await store.list() });
    });
    router.get('/export', async (_req, res) => {
      res.json({ files: await store.exportFiles() });
    });
    router.post('/import', async (req, res) => {
      const { files, replace } = parseInput(importBody, req.body);
      const result = await store.importFiles(files, req.staff!.userId, { replace });
      await auditAdmin(audit, req, 'intents.import', { type: 'intent', id: null }, result);
      res.json(result);
    });
    router.post('/', async (req, res) => {
      const intent = await store.create(req.body, req.staff!.userId);
      await auditAdmin(audit, req, 'intent.create', { type: 'intent', id: intent.id }, { name: intent.name });
      sendVersioned(res, intent, 201);
    });
    router.get('/:name', async (req, res) => {
      sendVersioned(res, await store.get(name(req.params.name)));
    });
    router.patch('/:name', async (req, res) => {
      const version = expectedVersion(req);
      const intent = await store.update(
        name(req.params.name),
        version,
        withoutVersion(req.body),
        req.staff!.userId,
      );
      await auditAdmin(
        audit,
        req,
        'intent.update',
        { type: 'intent', id: intent.id },
        {
          name: intent.name,
          version: intent.version,
        },
      );
      sendVersioned(res, intent);
    });
    router.delete('/:name', async (req, res) => {
      const intentName = name(req.params.name);
      const intent = await store.get(intentName);
      await store.remove(intentName, expectedVersion(req), req.staff!.userId);
      await auditAdmin(audit, req, 'intent.delete', { type: 'intent', id: intent.id }, { name: intentName });
      res.status(204).end();
    });
    router.get('/:name/history', async (req, res) => {
      res.json({ items: await store.history(name(req.params.name)) });
    });
    router.get('/:name/diff', async (req, res) => {
      const { from, to } = parseInput(
        z.object({ from: versionNumber, to: versionNumber.optional() }),
        req.query,
      );
      res.json(await store.diff(name(req.params.name), from, to));
    });
    router.post('/:name/rollback', async (req, res) => {
      const { toVersion } = parseInput(z.object({ toVersion: versionNumber }).loose(), req.body);
      const intent = await store.rollback(
        name(req.params.name),
        toVersion,
        expectedVersion(req),
        req.staff!.userId,
      );
      await auditAdmin(audit, req, 'intent.rollback', { type: 'intent', id: intent.id }, { toVersion });
      sendVersioned(res, intent);
    });
    app.use('/api/admin/intents', router);
  };
}
