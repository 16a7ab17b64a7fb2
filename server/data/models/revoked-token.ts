import { Schema, type Types } from 'mongoose';

/**
 * A staff token ended before its expiry (logout). Kept only until the token would have expired anyway: the
 * TTL index removes it then, so the collection holds at most one token lifetime of logouts.
 */
export interface RevokedTokenDoc {
  /** The token's `jti` claim. */
  _id: string;
  user: Types.ObjectId;
  expiresAt: Date;
}

export const revokedTokenSchema = new Schema<RevokedTokenDoc>(
  {
    _id: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

revokedTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
