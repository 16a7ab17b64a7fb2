import { Schema, type Types } from 'mongoose';

/**
 * One article of the shop's knowledge: a policy or an FAQ answer, with the ways visitors ask for it. Admins
 * edit it (the console of the admin issue); `version` rises on every write so two editors cannot overwrite each
 * other without noticing.
 */
export interface KnowledgeDoc {
  _id: Types.ObjectId;
  /** Stable handle for imports, links from intents and tests: lower-case words joined by dashes. */
  slug: string;
  title: string;
  /** Question variants ("can I pay with PayPal?", "payment methods"); retrieval matches visitors' text to these. */
  questions: string[];
  answer: string;
  /** Where the shop explains it in full; shown with the answer. */
  link: string | null;
  tags: string[];
  /** True for the demo shop's invented content, so nobody mistakes it for a real shop's policy. */
  synthetic: boolean;
  active: boolean;
  version: number;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const knowledgeSchema = new Schema<KnowledgeDoc>(
  {
    slug: { type: String, required: true, match: SLUG_PATTERN, maxlength: 80 },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    questions: {
      type: [{ type: String, trim: true, maxlength: 300 }],
      validate: { validator: (v: string[]) => v.length >= 1 && v.length <= 200, message: '1–200 questions' },
    },
    answer: { type: String, required: true, trim: true, maxlength: 4000 },
    link: { type: String, default: null, maxlength: 500 },
    tags: { type: [{ type: String, trim: true, lowercase: true, maxlength: 50 }], default: [] },
    synthetic: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    version: { type: Number, default: 1, min: 1 },
    updatedBy: { type: String, default: null },
  },
  { timestamps: true },
);

knowledgeSchema.index({ slug: 1 }, { unique: true });

/** Every saved version of an article, for the history, the diff and a rollback. */
export interface KnowledgeRevisionDoc {
  _id: Types.ObjectId;
  article: Types.ObjectId;
  slug: string;
  version: number;
  /** The article as it was after this write (null when the write deleted it). */
  snapshot: Record<string, unknown> | null;
  actor: string | null;
  at: Date;
}

export const knowledgeRevisionSchema = new Schema<KnowledgeRevisionDoc>(
  {
    article: { type: Schema.Types.ObjectId, required: true },
    slug: { type: String, required: true },
    version: { type: Number, required: true },
    snapshot: { type: Schema.Types.Mixed, default: null },
    actor: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { minimize: false },
);

knowledgeRevisionSchema.index({ article: 1, version: 1 }, { unique: true });
