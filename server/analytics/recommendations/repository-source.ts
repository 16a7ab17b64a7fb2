import type { Repositories } from '../../data/repositories/index.ts';
import { productLink } from '../../products/product-facts.ts';
import type { Purchase } from './item-similarity.ts';
import type { CatalogueItem } from './model.ts';
import type { RecommendationDataSource } from './service.ts';

/** Feeds the recommender from the order history and the active catalogue. */
export function recommendationSourceFrom(
  repositories: Pick<Repositories, 'orders' | 'products'>,
): RecommendationDataSource {
  return {
    async loadPurchases() {
      const purchases: Purchase[] = [];
      for await (const row of repositories.orders.purchases()) {
        purchases.push({ userId: row.contactId, itemId: row.productId, quantity: row.quantity });
      }
      return purchases;
    },
    async loadCatalogue() {
      const products = await repositories.products.listActive();
      return products.map((p): CatalogueItem => ({
        id: p.id,
        title: p.name,
        price: p.price,
        category: p.category,
        available: p.active,
        sku: p.sku,
        url: productLink(p),
        ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
      }));
    },
  };
}
