import { Schema } from 'mongoose';

/** Facts about the database itself, such as whether the demo data was seeded. */
export interface MetaDoc {
  _id: string;
  value: unknown;
  updatedAt: Date;
}

export const metaSchema = new Schema<MetaDoc>({
  _id: { type: String, required: true },
  value: { type: Schema.Types.Mixed, default: null },
  updatedAt: { type: Date, default: () => new Date() },
});
