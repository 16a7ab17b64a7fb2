import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256(secret, value) in lowercase hex: what the shop's backend computes for `identify`. */
export function userHashOf(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Whether `hash` is the HMAC of `value`, compared in constant time: how long the check takes says nothing
 * about how many leading characters were right.
 */
export function hashMatches(secret: string, value: string, hash: string): boolean {
  if (!HEX_SHA256.test(hash)) return false;
  const expected = createHmac('sha256', secret).update(value, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'));
}
