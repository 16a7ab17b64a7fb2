import type { ProductRecord } from '../../../server/data/records.ts';
import type { Repositories } from '../../../server/data/repositories/index.ts';

let skuCounter = 0;
let orderCounter = 5000;

export async function addProducts(
  repositories: Repositories,
  products: Array<{
    name: string;
    category: string;
    price: number;
    attributes?: Record<string, unknown>;
    tags?: string[];
  }>,
): Promise<ProductRecord[]> {
  return repositories.products.insertMany(
    products.map((p) => ({
      sku: `SKU-${(skuCounter += 1)}-${Math.random().toString(36).slice(2, 6)}`,
      name: p.name,
      description: `${p.name} for the outdoors.`,
      category: p.category,
      price: p.price,
      currency: 'EUR',
      attributes: p.attributes ?? {},
      tags: p.tags ?? [],
      imageUrl: null,
      active: true,
    })),
  );
}

/** An order for a contact; returns its number (ORD-…). */
export async function addOrder(
  repositories: Repositories,
  contactId: string,
  items: Array<{ product: ProductRecord; quantity: number }>,
  status: 'placed' | 'paid' | 'shipped' | 'delivered' = 'shipped',
): Promise<string> {
  const number = `ORD-${(orderCounter += 1)}${Math.floor(Math.random() * 1000)}`;
  await repositories.orders.insertMany([
    {
      number,
      contactId,
      items: items.map(({ product, quantity }) => ({
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity,
        price: product.price,
      })),
      currency: 'EUR',
      status,
      placedAt: new Date('2026-11-01T10:00:00Z'),
      shippedAt: status === 'shipped' || status === 'delivered' ? new Date('2026-11-03T10:00:00Z') : null,
      trackingNumber: status === 'shipped' ? 'TRACK-123' : null,
    },
  ]);
  return number;
}
