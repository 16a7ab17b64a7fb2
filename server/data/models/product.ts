import { Schema, type Types } from 'mongoose';

export interface ProductDoc {
  _id: Types.ObjectId;
  sku: string;
  name: string;
  description: string;
  category: string;
  /** In the currency's main unit with two decimals (19.99). */
  price: number;
  currency: string;
  attributes: Record<string, unknown>;
  tags: string[];
  imageUrl: string | null;
  active: boolean;
  /** Units on hand; null when the shop does not track stock for the product (shown as available to order). */
  stock: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const productSchema = new Schema<ProductDoc>(
  {
    sku: { type: String, required: true, trim: true, maxlength: 64 },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    description: { type: String, default: '', maxlength: 5000 },
    category: { type: String, required: true, trim: true, lowercase: true, maxlength: 100 },
    price: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/ },
    attributes: { type: Schema.Types.Mixed, default: () => ({}) },
    tags: { type: [String], default: [] },
    imageUrl: { type: String, default: null },
    active: { type: Boolean, default: true },
    stock: { type: Number, default: null, min: 0 },
  },
  { timestamps: true, minimize: false },
);

productSchema.index({ sku: 1 }, { unique: true });
productSchema.index({ active: 1, category: 1, name: 1 });
productSchema.index({ tags: 1 });
