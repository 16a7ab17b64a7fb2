import type { OrderRecord, OrderStatus } from '../data/records.ts';
import type { OrderChanges, Repositories } from '../data/repositories/index.ts';
import { AppError } from '../shared/errors.ts';

type Deps = { repositories: Pick<Repositories, 'contacts' | 'orders' | 'products'> };

export interface OrderInput {
  number: string;
  contactId: string;
  items: { sku: string; quantity: number; price?: number }[];
  currency: string;
  status?: OrderStatus;
  placedAt?: Date;
  shippedAt?: Date | null;
  deliveredAt?: Date | null;
  trackingNumber?: string | null;
}

const invalid = (issues: { field: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', undefined, { details: { issues } });

/**
 * An order synced from the shop: its lines name products by sku (the shop's key), which must exist in the
 * catalogue; a line without a price takes the product's current price.
 */
export async function createOrder(deps: Deps, input: OrderInput, now = new Date()): Promise<OrderRecord> {
  const contact = await deps.repositories.contacts.findById(input.contactId);
  if (contact === null || contact.mergedInto !== null) {
    throw invalid([{ field: 'contactId', message: 'no such contact' }]);
  }
  const products = await Promise.all(
    input.items.map((item) => deps.repositories.products.findBySku(item.sku)),
  );
  const unknown = input.items.flatMap((item, index) =>
    products[index] === null
      ? [{ field: `items.${index}.sku`, message: `no product with sku ${item.sku}` }]
      : [],
  );
  if (unknown.length > 0) throw invalid(unknown);
  return deps.repositories.orders.create({
    number: input.number,
    contactId: contact.id,
    items: input.items.map((item, index) => {
      const product = products[index]!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: item.quantity,
        price: item.price ?? product.price,
      };
    }),
    currency: input.currency,
    status: input.status ?? 'placed',
    placedAt: input.placedAt ?? now,
    shippedAt: input.shippedAt,
    deliveredAt: input.deliveredAt,
    trackingNumber: input.trackingNumber,
  });
}

export function updateOrder(deps: Deps, id: string, changes: OrderChanges): Promise<OrderRecord | null> {
  return deps.repositories.orders.update(id, changes);
}
