import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { eraseBody } from '../schemas/privacy.ts';
import { parseIdParam, parseInput } from '../validation.ts';

/**
 * `/api/privacy` (admins): a contact's data export (one JSON file) and its erasure (docs/privacy.md). Both
 * are audited without personal data: who, which contact, and for an erasure how many records changed.
 */
export function privacyRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();
  router.use(requireRole(auth, ADMINS));

  router.get('/contacts/:id/export', async (req, res) => {
    const id = parseIdParam(req.params.id, 'contact id');
    const data = await repositories.privacy.exportContact(id);
    await repositories.audit.record({
      actor: { type: 'user', id: req.staff!.userId },
      action: 'privacy.exported',
      target: { type: 'contact', id },
    });
    res
      .set('Cache-Control', 'no-store')
      .attachment(`contact-${id}.json`)
      .type('application/json')
      .send(JSON.stringify(data, null, 2));
  });

  router.post('/contacts/:id/erase', async (req, res) => {
    const id = parseIdParam(req.params.id, 'contact id');
    const { confirm, reason } = parseInput(eraseBody, req.body ?? {});
    if (confirm !== id) {
      throw new AppError('VALIDATION_FAILED', undefined, {
        details: { issues: [{ field: 'confirm', message: 'must repeat the id of the contact in the path' }] },
      });
    }
    const erased = await repositories.privacy.eraseContact(id, { actorId: req.staff!.userId, reason });
    res.json({ contactId: id, erased });
  });

  return router;
}
