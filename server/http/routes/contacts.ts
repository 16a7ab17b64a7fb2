import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { filterText, pageQuery, searchText } from '../paging.ts';
import { parseIdParam, parseInput } from '../validation.ts';

const contactQuery = pageQuery.extend({
  email: filterText(254).optional(),
  phone: filterText(40).optional(),
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
    res.json(contact);
  });

  return router;
}
