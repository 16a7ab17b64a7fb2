import { toObjectId } from '../ids.ts';
import { toOrder } from '../mappers.ts';
import type { Models } from '../models/index.ts';
import type { OrderDoc, OrderStatus } from '../models/order.ts';
import type { OrderRecord } from '../records.ts';
import { validationAsAppError, writeErrorAsAppError } from '../write-errors.ts';

export interface NewOrder {
  number: string;
  contactId: string;
  items: { productId: string; sku: string; name: string; quantity: number; price: number }[];
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  shippedAt?: Date | null;
  deliveredAt?: Date | null;
  trackingNumber?: string | null;
}

/** One line of purchase history, the input of item-based collaborative filtering. */
export interface PurchaseRow {
  contactId: string;
  productId: string;
  quantity: number;
  placedAt: Date;
}

/** What the write API and imports may change on an order after it was placed. */
export interface OrderChanges {
  status?: OrderStatus;
  shippedAt?: Date | null;
  deliveredAt?: Date | null;
  trackingNumber?: string | null;
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;

const roundMoney = (amount: number) => Math.round(amount * 100) / 100;

/** The stored shape of a new order (also what the CSV import writes in bulk). */
export const toOrderDocument = (order: NewOrder) => ({
  number: order.number,
  contact: toObjectId(order.contactId, 'contact id'),
  items: order.items.map((item) => ({ ...item, product: toObjectId(item.productId, 'product id') })),
  total: roundMoney(order.items.reduce((sum, item) => sum + item.price * item.quantity, 0)),
  currency: order.currency,
  status: order.status,
  placedAt: order.placedAt,
  shippedAt: order.shippedAt ?? null,
  deliveredAt: order.deliveredAt ?? null,
  trackingNumber: order.trackingNumber ?? null,
});

export function createOrderRepository({ Order }: Models) {
  const toDoc = toOrderDocument;

  return {
    async findByNumber(number: string): Promise<OrderRecord | null> {
      const doc = await Order.findOne({ number: number.trim().toUpperCase() }).lean<OrderDoc>();
      return doc === null ? null : toOrder(doc);
    },

    async findById(id: string): Promise<OrderRecord | null> {
      const doc = await Order.findOne({ _id: toObjectId(id, 'order id') }).lean<OrderDoc>();
      return doc === null ? null : toOrder(doc);
    },

    /** Newest first. */
    async listByContact(contactId: string, limit = 20): Promise<OrderRecord[]> {
      const docs = await Order.find({ contact: toObjectId(contactId, 'contact id') })
        .sort({ placedAt: -1 })
        .limit(limit)
        .lean<OrderDoc[]>();
      return docs.map(toOrder);
    },

    /** Every purchased line of orders that were not cancelled, streamed so the whole history is never held twice. */
    async *purchases(): AsyncGenerator<PurchaseRow> {
      const cursor = Order.find({ status: { $nin: ['cancelled'] } }, { contact: 1, items: 1, placedAt: 1 })
        .lean<OrderDoc[]>()
        .cursor();
      for await (const doc of cursor as AsyncIterable<OrderDoc>) {
        for (const item of doc.items) {
          yield {
            contactId: doc.contact.toHexString(),
            productId: item.product.toHexString(),
            quantity: item.quantity,
            placedAt: doc.placedAt,
          };
        }
      }
    },

    async insertMany(orders: readonly NewOrder[]): Promise<number> {
      const docs = await Order.insertMany(orders.map(toDoc), { ordered: true });
      return docs.length;
    },

    async create(order: NewOrder): Promise<OrderRecord> {
      try {
        const doc = await Order.create(toDoc(order));
        return toOrder(doc.toObject());
      } catch (error) {
        return writeErrorAsAppError(error, 'An order with this number already exists.');
      }
    },

    /** Null when no order has that id; only the given fields change. */
    async update(id: string, changes: OrderChanges): Promise<OrderRecord | null> {
      try {
        const doc = await Order.findOneAndUpdate(
          { _id: toObjectId(id, 'order id') },
          { $set: changes },
          { returnDocument: 'after', runValidators: true },
        ).lean<OrderDoc>();
        return doc === null ? null : toOrder(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    count(): Promise<number> {
      return Order.countDocuments({});
    },
  };
}
