import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import { isObjectIdString } from '../../data/ids.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { contactView } from '../../identity/contact-view.ts';
import { mergeContactsAfterCheck } from '../../identity/merge.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { pageQuery, searchText } from '../paging.ts';
import { parseIdParam, parseInput } from '../validation.ts';

const contactQuery = pageQuery.extend({
  email: z.string().trim().min(1).max(254).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  q: searchText.optional(),
});

const mergeBody = z
  .object({
    contactId: z
      .string()
      .refine(isObjectIdString, 'expected a contact id (24 hexadecimal characters)')
      .transform((id) => id.toLowerCase()),
  })
  .strict();

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
    res.json(await contactView(repositories.contacts, contact));
  });

  // Folds the body's contact into this one, after an agent checked who the visitor is.
  router.post('/:id/merge', async (req, res) => {
    const survivorId = parseIdParam(req.params.id, 'contact id');
    const { contactId } = parseInput(mergeBody, req.body ?? {});
    const merged = await mergeContactsAfterCheck({ repositories }, req.staff!, survivorId, contactId);
    const survivor = await repositories.contacts.findById(survivorId);
    if (survivor === null) throw new AppError('NOT_FOUND', 'No such contact.');
    res.json({ contact: await contactView(repositories.contacts, survivor), merged });
  });

  return router;
}
