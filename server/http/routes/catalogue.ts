import { Router } from 'express';
import type { Repositories } from '../../data/repositories/index.ts';
import { filterText, pageQuery, searchText } from '../paging.ts';
import { parseInput } from '../validation.ts';

export const productQuery = pageQuery.extend({
  category: filterText(100).optional(),
  q: searchText.optional(),
});

/** The public catalogue the widget shows: active products only, no authentication. */
export function catalogueRouter(repositories: Repositories): Router {
  const router = Router();
  router.get('/products', async (req, res) => {
    const { page, limit, category, q } = parseInput(productQuery, req.query);
    res.json(await repositories.products.list({ category, q }, { page, limit }));
  });
  return router;
}
