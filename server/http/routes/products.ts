import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole, STAFF } from '../guards.ts';
import { idempotent } from '../idempotency.ts';
import { productCreateBody, productUpdateBody } from '../schemas/crm.ts';
import { parseIdParam, parseInput } from '../validation.ts';

/**
 * Catalogue writes (what a shop's backend syncs): admins only. The public list stays in catalogue.ts; the
 * guards are per route so that list keeps answering without a token.
 */
export function productsRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();

  router.post('/', requireRole(auth, ADMINS), idempotent(repositories.idempotency), async (req, res) => {
    const input = parseInput(productCreateBody, req.body ?? {});
    const product = await repositories.products.create({
      ...input,
      description: input.description ?? '',
      attributes: input.attributes ?? {},
      tags: input.tags ?? [],
      imageUrl: input.imageUrl ?? null,
      active: input.active ?? true,
      stock: input.stock ?? null,
    });
    res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
  });

  // Staff see withdrawn products too (the public list shows only active ones).
  router.get('/:id', requireRole(auth, STAFF), async (req, res) => {
    const product = await repositories.products.findById(parseIdParam(req.params.id, 'product id'));
    if (product === null) throw new AppError('NOT_FOUND', 'No such product.');
    res.json(product);
  });

  router.patch('/:id', requireRole(auth, ADMINS), async (req, res) => {
    const id = parseIdParam(req.params.id, 'product id');
    const product = await repositories.products.update(id, parseInput(productUpdateBody, req.body ?? {}));
    if (product === null) throw new AppError('NOT_FOUND', 'No such product.');
    res.json(product);
  });

  return router;
}
