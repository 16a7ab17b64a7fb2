import { Schema, type Types } from 'mongoose';

export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  product: Types.ObjectId;
  sku: string;
  name: string;
  quantity: number;
  /** Unit price at the time of the order. */
  price: number;
}

export interface OrderDoc {
  _id: Types.ObjectId;
  number: string;
  contact: Types.ObjectId;
  items: OrderItem[];
  total: number;
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  trackingNumber: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const orderItemSchema = new Schema<OrderItem>(
  {
    product: { type: Schema.Types.ObjectId, ref: 'Product', required: true },
    sku: { type: String, required: true },
    name: { type: String, required: true },
    quantity: { type: Number, required: true, min: 1 },
    price: { type: Number, required: true, min: 0 },
  },
  { _id: false },
);

export const orderSchema = new Schema<OrderDoc>(
  {
    number: { type: String, required: true, match: /^ORD-\d+$/ },
    contact: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    items: {
      type: [orderItemSchema],
      validate: { validator: (items: OrderItem[]) => items.length > 0, message: 'an order has items' },
    },
    total: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    status: { type: String, enum: ORDER_STATUSES, default: 'placed' },
    placedAt: { type: Date, required: true },
    shippedAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    trackingNumber: { type: String, default: null },
  },
  { timestamps: true },
);

orderSchema.index({ number: 1 }, { unique: true });
orderSchema.index({ contact: 1, placedAt: -1 });
orderSchema.index({ 'items.product': 1 });
