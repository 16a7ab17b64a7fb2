import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { catalogueRouter } from './catalogue.ts';
import { contactsRouter } from './contacts.ts';
import { conversationsRouter } from './conversations.ts';
import { ordersRouter } from './orders.ts';
import { privacyRouter } from './privacy.ts';
import { productsRouter } from './products.ts';
import { sessionRouter } from './session.ts';
import { ticketsRouter } from './tickets.ts';
import { usersRouter } from './users.ts';
import { webhooksRouter } from './webhooks.ts';

/** The REST API under /api, one router per audience: public (widget), staff (agents and admins), admins. */
export function apiRouter(
  auth: AuthService,
  repositories: Repositories,
  events?: EventBus,
  options: {
    secureCookies?: boolean;
    webhookRetryForMs?: number;
    /** Ends a deactivated user's sessions at once (see usersRouter). */
    endStaffSessions?: (userId: string) => void;
    webhookAllowPrivateNetworks?: boolean;
  } = {},
): Router {
  const router = Router();
  router.use('/', catalogueRouter(repositories));
  router.use('/auth/session', sessionRouter(auth, repositories, { secure: options.secureCookies ?? true }));
  router.use('/auth', authRouter(auth, repositories));
  router.use('/products', productsRouter(auth, repositories));
  router.use('/orders', ordersRouter(auth, repositories));
  router.use('/contacts', contactsRouter(auth, repositories, events));
  router.use('/tickets', ticketsRouter(auth, repositories, events));
  router.use('/conversations', conversationsRouter(auth, repositories));
  router.use(
    '/users',
    usersRouter(
      auth,
      repositories,
      options.endStaffSessions ? { endSessions: options.endStaffSessions } : {},
    ),
  );
  router.use('/audit-events', auditRouter(auth, repositories));
  router.use('/privacy', privacyRouter(auth, repositories));
  router.use(
    '/webhooks',
    webhooksRouter(auth, repositories, {
      retryForMs: options.webhookRetryForMs ?? 24 * 3600_000,
      allowPrivateNetworks: options.webhookAllowPrivateNetworks ?? false,
    }),
  );
  return router;
}
