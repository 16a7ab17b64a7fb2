import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import { createOrder, updateOrder } from '../../crm/order-writes.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole, STAFF } from '../guards.ts';
import { idempotent } from '../idempotency.ts';
import { orderCreateBody, orderUpdateBody } from '../schemas/crm.ts';
import { parseIdParam, parseInput } from '../validation.ts';

/** Orders as the shop's backend syncs them (admins write; agents read). */
export function ordersRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();

  router.post('/', requireRole(auth, ADMINS), idempotent(repositories.idempotency), async (req, res) => {
    const order = await createOrder({ repositories }, parseInput(orderCreateBody, req.body ?? {}));
    res.status(201).location(`${req.baseUrl}/${order.id}`).json(order);
  });

  router.get('/:id', requireRole(auth, STAFF), async (req, res) => {
    const order = await repositories.orders.findById(parseIdParam(req.params.id, 'order id'));
    if (order === null) throw new AppError('NOT_FOUND', 'No such order.');
    res.json(order);
  });

  router.patch('/:id', requireRole(auth, ADMINS), async (req, res) => {
    const id = parseIdParam(req.params.id, 'order id');
    const order = await updateOrder({ repositories }, id, parseInput(orderUpdateBody, req.body ?? {}));
    if (order === null) throw new AppError('NOT_FOUND', 'No such order.');
    res.json(order);
  });

  return router;
}
