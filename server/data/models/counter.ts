import { Schema } from 'mongoose';

/** Named sequences (`ticket`, `order`) raised atomically with $inc. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

export const counterSchema = new Schema<CounterDoc>({
  _id: { type: String, required: true },
  seq: { type: Number, required: true },
});
