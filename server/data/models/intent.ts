import { Schema, type Types } from 'mongoose';

/** Training data that admins edit; the files under intents/ are the initial version. */
export interface IntentDoc {
  _id: Types.ObjectId;
  name: string;
  action: string;
  examples: string[];
  responses: string[];
  updatedBy: string | null;
  /** Raised on every edit, so a saved model can tell which data it was trained on. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const intentSchema = new Schema<IntentDoc>(
  {
    name: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    action: { type: String, required: true },
    examples: { type: [String], default: [] },
    responses: { type: [String], default: [] },
    updatedBy: { type: String, default: null },
    version: { type: Number, default: 1, min: 1 },
  },
  { timestamps: true },
);

intentSchema.index({ name: 1 }, { unique: true });
