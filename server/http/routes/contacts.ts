import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { pageQuery, searchText } from '../paging.ts';
import { parseIdParam, parseInput } from '../validation.ts';

const contactQuery = pageQuery.extend({
  email: z.string().trim().min(1).max(254).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  q: searchText.optional(),
});

export function contactsRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();
  router.use(requireRole(auth, STAFF));

  router.get('/', async (req, res) => {
    const { page, limit, email, phone, q } = parseInput(contactQuery, req.query);
    res.json(await repositories.contacts.list({ email, phone, q }, { page, limit }));
  });

  router.get('/:id', async (req, res) => {
    const contact = await repositories.contacts.findById(parseIdParam(req.params.id, 'contact id'));
    if (contact === null) throw new AppError('NOT_FOUND', 'No such contact.');
    const score = await repositories.customerScores.find(contact.id);
    res.json({
      ...contact,
      analytics: {
        predictedValue: score?.predictedValue ?? null,
        segment: score?.segment ?? null,
        scoredAt: score?.scoredAt ?? null,
      },
    });
  });

  return router;
}
