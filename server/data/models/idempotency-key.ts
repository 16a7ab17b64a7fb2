import { Schema } from 'mongoose';

/**
 * The answer given to a create request that carried an `Idempotency-Key`, so a client retrying after a lost
 * response gets the same answer instead of a second record. `scope` is the caller and the route: two callers
 * (or two routes) may use the same key without seeing each other's answers.
 */
export interface IdempotencyKeyDoc {
  scope: string;
  key: string;
  /** SHA-256 of the request body as parsed JSON: the same key with another body is refused (422). */
  bodyHash: string;
  /** Null while the first request is still being handled. */
  status: number | null;
  response: unknown;
  createdAt: Date;
}

/** How long a key is remembered: a client retries within this window. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const idempotencyKeySchema = new Schema<IdempotencyKeyDoc>(
  {
    scope: { type: String, required: true },
    key: { type: String, required: true },
    bodyHash: { type: String, required: true },
    status: { type: Number, default: null },
    response: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);

idempotencyKeySchema.index({ scope: 1, key: 1 }, { unique: true });
idempotencyKeySchema.index({ createdAt: 1 }, { expireAfterSeconds: IDEMPOTENCY_TTL_SECONDS });
