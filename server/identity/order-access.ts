import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * Limits on what a visitor who is not the verified owner may try with order numbers. Order numbers are
 * sequential, so anyone can guess them: the number alone gives only what a shop's public order-status page
 * gives (status and date), full details need the number and the order's email, and both kinds of guessing
 * are bounded.
 */
export interface OrderAccessSettings {
  /** The window the limits below count in, in minutes. */
  windowMinutes: number;
  /** Different order numbers one visitor may send in a window; the next new one is refused (enumeration). */
  maxOrderNumbersPerVisitor: number;
  /** Wrong number + email pairs one visitor may send in a window. */
  maxFailedChecksPerVisitor: number;
  /** Wrong number + email pairs against one order, from anyone, in a window. */
  maxFailedChecksPerOrder: number;
}

export const DEFAULT_ORDER_ACCESS: OrderAccessSettings = Object.freeze({
  windowMinutes: 60,
  // A customer asking about a few orders stays far below; a script walking the numbers does not.
  maxOrderNumbersPerVisitor: 10,
  maxFailedChecksPerVisitor: 5,
  maxFailedChecksPerOrder: 5,
});

export interface OrderAccessDeps {
  repositories: Pick<Repositories, 'orderChecks'>;
  events: EventBus;
  logger: Logger;
  settings: { orderAccess: OrderAccessSettings };
}

const since = (settings: OrderAccessSettings, now: Date) =>
  new Date(now.getTime() - settings.windowMinutes * 60_000);

/**
 * Called for every visitor message that names order numbers, before it is stored: a number the visitor sent
 * before in the window is free; a new one past the limit refuses the whole message with
 * TOO_MANY_ORDER_NUMBERS, logged without personal data.
 */
export async function admitOrderNumbers(
  deps: OrderAccessDeps,
  visit: { visitorId: string; conversationId: string },
  numbers: readonly string[],
  now: Date = new Date(),
): Promise<void> {
  if (numbers.length === 0) return;
  const settings = deps.settings.orderAccess;
  const from = since(settings, now);
  const { orderChecks } = deps.repositories;
  const seen = new Set(await orderChecks.mentionedSince(visit.visitorId, from));
  const fresh = [...new Set(numbers)].filter((number) => !seen.has(number));
  if (fresh.length === 0) return;
  const distinct = seen.size + fresh.length;
  if (distinct > settings.maxOrderNumbersPerVisitor) {
    deps.logger.warn(
      { visitorId: visit.visitorId, conversationId: visit.conversationId, distinctOrderNumbers: distinct },
      'order number enumeration refused',
    );
    deps.events.emit('order.lookups_refused', { ...visit, distinctOrderNumbers: distinct });
    throw new AppError('TOO_MANY_ORDER_NUMBERS', undefined, {
      details: { windowMinutes: settings.windowMinutes },
    });
  }
  for (const number of fresh) await orderChecks.recordMention(visit.visitorId, number, from, now);
}

/** Whether one more number + email check may run for this visitor and this order. */
export async function mayCheckOrderEmail(
  deps: OrderAccessDeps,
  visitorId: string,
  orderNumber: string,
  now: Date = new Date(),
): Promise<boolean> {
  const settings = deps.settings.orderAccess;
  const failed = await deps.repositories.orderChecks.failedVerificationsSince(
    visitorId,
    orderNumber,
    since(settings, now),
  );
  return (
    failed.byVisitor < settings.maxFailedChecksPerVisitor && failed.byOrder < settings.maxFailedChecksPerOrder
  );
}

export async function recordFailedOrderCheck(
  deps: OrderAccessDeps,
  visitorId: string,
  orderNumber: string,
  now: Date = new Date(),
): Promise<void> {
  await deps.repositories.orderChecks.recordFailedVerification(visitorId, orderNumber, now);
}
