import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import { isObjectIdString } from '../../data/ids.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import type { ContactRecord } from '../../data/records.ts';
import { createContact, updateContact } from '../../crm/contact-writes.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { contactView } from '../../identity/contact-view.ts';
import { mergeContactsAfterCheck } from '../../identity/merge.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { idempotent } from '../idempotency.ts';
import { filterText, pageQuery, searchText } from '../paging.ts';
import { contactCreateBody, contactUpdateBody } from '../schemas/crm.ts';
import { parseIdParam, parseInput } from '../validation.ts';

export const contactQuery = pageQuery.extend({
  email: filterText(254).optional(),
  phone: filterText(40).optional(),
  q: searchText.optional(),
});

export const mergeBody = z
  .object({
    contactId: z
      .string()
      .refine(isObjectIdString, 'expected a contact id (24 hexadecimal characters)')
      .transform((id) => id.toLowerCase()),
  })
  .strict();

export function contactsRouter(auth: AuthService, repositories: Repositories, events?: EventBus): Router {
  const router = Router();
  router.use(requireRole(auth, STAFF));

  router.get('/', async (req, res) => {
    const { page, limit, email, phone, q } = parseInput(contactQuery, req.query);
    res.json(await repositories.contacts.list({ email, phone, q }, { page, limit }));
  });

  router.post('/', idempotent(repositories.idempotency), async (req, res) => {
    const input = parseInput(contactCreateBody, req.body ?? {});
    const contact = await createContact({ repositories, events }, input);
    res.status(201).location(`${req.baseUrl}/${contact.id}`);
    res.json(await staffContactView(repositories, contact));
  });

  router.patch('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id, 'contact id');
    const changes = parseInput(contactUpdateBody, req.body ?? {});
    const contact = await updateContact({ repositories, events }, id, changes);
    if (contact === null) throw new AppError('NOT_FOUND', 'No such contact.');
    res.json(await staffContactView(repositories, contact));
  });

  router.get('/:id', async (req, res) => {
    const contact = await repositories.contacts.findById(parseIdParam(req.params.id, 'contact id'));
    if (contact === null) throw new AppError('NOT_FOUND', 'No such contact.');
    res.json(await staffContactView(repositories, contact));
  });

  // Folds the body's contact into this one, after an agent checked who the visitor is.
  router.post('/:id/merge', async (req, res) => {
    const survivorId = parseIdParam(req.params.id, 'contact id');
    const { contactId } = parseInput(mergeBody, req.body ?? {});
    const merged = await mergeContactsAfterCheck({ repositories, events }, req.staff!, survivorId, contactId);
    const survivor = await repositories.contacts.findById(survivorId);
    if (survivor === null) throw new AppError('NOT_FOUND', 'No such contact.');
    res.json({ contact: await staffContactView(repositories, survivor), merged });
  });

  return router;
}

/** The contact as staff see it: identities with their verification, claims, and the customer models' scores. */
async function staffContactView(repositories: Repositories, contact: ContactRecord) {
  const [view, score] = await Promise.all([
    contactView(repositories.contacts, contact),
    repositories.customerScores.find(contact.id),
  ]);
  return {
    ...view,
    analytics: {
      predictedValue: score?.predictedValue ?? null,
      segment: score?.segment ?? null,
      scoredAt: score?.scoredAt ?? null,
    },
  };
}
