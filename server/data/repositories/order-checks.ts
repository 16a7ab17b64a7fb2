import type { Models } from '../models/index.ts';

export type OrderCheckRepository = ReturnType<typeof createOrderCheckRepository>;

export function createOrderCheckRepository({ OrderCheck }: Models) {
  return {
    /** The distinct order numbers the visitor sent since `since`. */
    async mentionedSince(visitorId: string, since: Date): Promise<string[]> {
      const numbers = await OrderCheck.distinct('orderNumber', {
        visitorId,
        kind: 'mention',
        at: { $gte: since },
      });
      return numbers.map(String);
    },

    /** Records that the visitor sent this order number (once per window: repeats change nothing). */
    async recordMention(visitorId: string, orderNumber: string, since: Date, at: Date): Promise<void> {
      await OrderCheck.updateOne(
        { kind: 'mention', visitorId, orderNumber, at: { $gte: since } },
        { $setOnInsert: { at } },
        { upsert: true },
      );
    },

    async recordFailedVerification(visitorId: string, orderNumber: string, at: Date): Promise<void> {
      await OrderCheck.create({ kind: 'failed_verification', visitorId, orderNumber, at });
    },

    /** Failed number + email checks since `since`, by this visitor and against this order number. */
    async failedVerificationsSince(
      visitorId: string,
      orderNumber: string,
      since: Date,
    ): Promise<{ byVisitor: number; byOrder: number }> {
      const [byVisitor, byOrder] = await Promise.all([
        OrderCheck.countDocuments({ visitorId, kind: 'failed_verification', at: { $gte: since } }),
        OrderCheck.countDocuments({ orderNumber, kind: 'failed_verification', at: { $gte: since } }),
      ]);
      return { byVisitor, byOrder };
    },
  };
}
