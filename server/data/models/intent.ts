import { Schema, type Types } from 'mongoose';

/**
 * One intent of the training data that admins edit (seeded from intents/default/ on the first start). The
 * out-of-scope examples are stored the same way, as the one document of kind `out_of_scope`.
 */
export interface IntentDoc {
  _id: Types.ObjectId;
  name: string;
  kind: 'intent' | 'out_of_scope';
  action: string;
  description: string | null;
  examples: string[];
  responses: string[];
  /** Entity types the intent's action reads (documentation for editors; the pipeline finds every type). */
  entities: string[];
  updatedBy: string | null;
  /** Raised on every write: the optimistic-concurrency check (409 VERSION_CONFLICT) and the history key. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const intentSchema = new Schema<IntentDoc>(
  {
    name: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/, maxlength: 64 },
    kind: { type: String, enum: ['intent', 'out_of_scope'], default: 'intent' },
    action: { type: String, default: '' },
    description: { type: String, default: null, maxlength: 500 },
    examples: { type: [String], default: [] },
    responses: { type: [String], default: [] },
    entities: { type: [String], default: [] },
    updatedBy: { type: String, default: null },
    version: { type: Number, default: 1, min: 1 },
  },
  { timestamps: true },
);

intentSchema.index({ name: 1 }, { unique: true });

/** Every saved version of an intent, for the history, the diff and a rollback. */
export interface IntentRevisionDoc {
  _id: Types.ObjectId;
  /** Stable across renames. */
  intent: Types.ObjectId;
  name: string;
  version: number;
  /** The intent's editable fields after this write; null when the write deleted it. */
  snapshot: Record<string, unknown> | null;
  actor: string | null;
  at: Date;
}

export const intentRevisionSchema = new Schema<IntentRevisionDoc>(
  {
    intent: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    snapshot: { type: Schema.Types.Mixed, default: null },
    actor: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { minimize: false },
);

intentRevisionSchema.index({ intent: 1, version: 1 }, { unique: true });
