import { toObjectId } from '../ids.ts';
import type { Models } from '../models/index.ts';

/** Sum of the contact's order totals, cancelled orders excluded: what "high-value" is judged on. */
export async function lifetimeSpend({ Order }: Models, contactId: string): Promise<number> {
  const orders = await Order.find(
    { contact: toObjectId(contactId, 'contact id'), status: { $nin: ['cancelled'] } },
    { total: 1 },
  ).lean<Array<{ total: number }>>();
  return orders.reduce((sum, order) => sum + (order.total ?? 0), 0);
}
