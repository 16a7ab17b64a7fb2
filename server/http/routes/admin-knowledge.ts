import { Router } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import { SLUG_PATTERN } from '../../data/models/knowledge.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { parseIdParam, parseInput } from '../validation.ts';
import { auditAdmin, expectedVersion, sendVersioned, withoutVersion } from './admin-common.ts';
import { diffSnapshots } from '../../admin/snapshot-diff.ts';

export const article = z.object({
  slug: z.string().trim().regex(SLUG_PATTERN, 'lower-case words joined by dashes').max(80),
  title: z.string().trim().min(1).max(200),
  questions: z.array(z.string().trim().min(1).max(300)).min(1).max(200),
  answer: z.string().trim().min(1).max(4000),
  link: z.string().trim().max(500).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  active: z.boolean().optional(),
});
const versionNumber = z.coerce.number().int().min(1);

export interface AdminKnowledgeOptions {
  /** Called after every write so the chat answers from the new text at once (the knowledge service). */
  onChange?: () => Promise<unknown>;
}

/** `/api/admin/knowledge`: the shop's knowledge articles with versions (docs/admin.md). Admins only. */
export function adminKnowledgeRoutes(options: AdminKnowledgeOptions = {}): HttpRegistration {
  return (app, context) => {
    const { knowledge, audit } = context.repositories;
    const changed = async () => {
      await options.onChange?.();
    };
    const router = Router();
    router.use(requireRole(context.auth, ADMINS));
    const id = (value: unknown) => parseIdParam(value as string, 'article id');
    const mustFind = async (articleId: string) => {
      const found = await knowledge.findById(articleId);
      if (found === null) throw new AppError('NOT_FOUND', 'Knowledge article not found.');
      return found;
    };

    router.get('/', async (_req, res) => {
      res.json({ items: await knowledge.list() });
    });
    router.post('/', async (req, res) => {
      const input = parseInput(article, req.body);
      const created = await knowledge.create({ ...input, link: input.link ?? null }, req.staff!.userId);
      await auditAdmin(audit, req, 'knowledge.create', { type: 'knowledge', id: created.id });
      await changed();
      sendVersioned(res, created, 201);
    });
    router.get('/:id', async (req, res) => {
      sendVersioned(res, await mustFind(id(req.params.id)));
    });
    router.patch('/:id', async (req, res) => {
      const articleId = id(req.params.id);
      const version = expectedVersion(req);
      const changes = parseInput(article.partial().strict(), withoutVersion(req.body));
      const updated = await knowledge.update(articleId, version, changes, req.staff!.userId);
      await auditAdmin(
        audit,
        req,
        'knowledge.update',
        { type: 'knowledge', id: articleId },
        {
          version: updated.version,
        },
      );
      await changed();
      sendVersioned(res, updated);
    });
    router.delete('/:id', async (req, res) => {
      const articleId = id(req.params.id);
      await knowledge.remove(articleId, expectedVersion(req), req.staff!.userId);
      await auditAdmin(audit, req, 'knowledge.delete', { type: 'knowledge', id: articleId });
      await changed();
      res.status(204).end();
    });
    router.get('/:id/history', async (req, res) => {
      res.json({ items: await knowledge.history(id(req.params.id)) });
    });
    router.get('/:id/diff', async (req, res) => {
      const articleId = id(req.params.id);
      const { from, to } = parseInput(
        z.object({ from: versionNumber, to: versionNumber.optional() }),
        req.query,
      );
      const history = await knowledge.history(articleId);
      const at = (version: number) => {
        const revision = history.find((r) => r.version === version);
        if (revision === undefined) throw new AppError('NOT_FOUND', `Version ${version} does not exist.`);
        return revision.snapshot ?? {};
      };
      const after = to === undefined ? (history[0]?.snapshot ?? {}) : at(to);
      res.json(diffSnapshots(at(from), after));
    });
    router.post('/:id/rollback', async (req, res) => {
      const articleId = id(req.params.id);
      const { toVersion } = parseInput(z.object({ toVersion: versionNumber }).loose(), req.body);
      const updated = await knowledge.rollback(articleId, toVersion, expectedVersion(req), req.staff!.userId);
      await auditAdmin(audit, req, 'knowledge.rollback', { type: 'knowledge', id: articleId }, { toVersion });
      await changed();
      sendVersioned(res, updated);
    });
    app.use('/api/admin/knowledge', router);
  };
}
