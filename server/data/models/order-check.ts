import { Schema, type Types } from 'mongoose';

export const ORDER_CHECK_KINDS = ['mention', 'failed_verification'] as const;
export type OrderCheckKind = (typeof ORDER_CHECK_KINDS)[number];

/**
 * What a visitor did with order numbers, for the limits that stop enumeration and email guessing: a
 * `mention` per distinct order number a visitor sent, a `failed_verification` per order number + email pair
 * that did not match. No email is stored; the visitor id is the random id of the widget's token.
 */
export interface OrderCheckDoc {
  _id: Types.ObjectId;
  kind: OrderCheckKind;
  visitorId: string;
  orderNumber: string;
  at: Date;
}

/** Older records are useless to every window the limits use; the database removes them itself. */
export const ORDER_CHECK_RETENTION_SECONDS = 7 * 24 * 3600;

export const orderCheckSchema = new Schema<OrderCheckDoc>({
  kind: { type: String, enum: ORDER_CHECK_KINDS, required: true },
  visitorId: { type: String, required: true },
  orderNumber: { type: String, required: true },
  at: { type: Date, required: true },
});

orderCheckSchema.index({ visitorId: 1, kind: 1, at: -1 });
orderCheckSchema.index({ orderNumber: 1, kind: 1, at: -1 });
orderCheckSchema.index({ at: 1 }, { expireAfterSeconds: ORDER_CHECK_RETENTION_SECONDS });
