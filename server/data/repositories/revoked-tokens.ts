import { toObjectId } from '../ids.ts';
import type { Models } from '../models/index.ts';

export type RevokedTokenRepository = ReturnType<typeof createRevokedTokenRepository>;

/** Staff tokens ended by a logout, shared by every node through the database. */
export function createRevokedTokenRepository({ RevokedToken }: Models) {
  return {
    /** Idempotent: revoking a token twice keeps one record. */
    async revoke(tokenId: string, userId: string, expiresAt: Date): Promise<void> {
      await RevokedToken.updateOne(
        { _id: tokenId },
        { $setOnInsert: { user: toObjectId(userId, 'user id'), expiresAt } },
        { upsert: true },
      );
    },

    async isRevoked(tokenId: string): Promise<boolean> {
      return (await RevokedToken.exists({ _id: tokenId })) !== null;
    },
  };
}
