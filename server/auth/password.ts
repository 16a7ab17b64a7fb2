import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/** OWASP's scrypt parameters (N=2^17, r=8, p=1) cost ~128 MB; 2^15 keeps a login near 50 ms on small hosts. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
const MAX_MEMORY = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (![N, r, p].every(Number.isSafeInteger) || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified when the email is unknown so that an unknown email costs the same
 * time as a wrong password and logins cannot be used to find out who has an account.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return decoyHash;
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'use at most 256 characters';
  if (new Set(password).size < 5) return 'use more different characters';
  if (isCommonPassword(password)) {
    return 'it is one of the most common passwords (digits or symbols added do not help); choose another';
  }
  const localPart = email?.split('@')[0]?.toLowerCase() ?? '';
  // Very short local parts ("a@shop.test") would forbid half the alphabet; only longer ones are guessable.
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart)) {
    return 'do not include your email address';
  }
  return undefined;
}

/** Characters people put around a common word ("Password123!", "!!qwerty2026") to pass length rules. */
const FILLER = /[\d\p{P}\p{S}\s]/u;
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};
const MIN_COMMON_LENGTH = 4;

const LONGEST_COMMON = Math.max(...[...COMMON_PASSWORDS].map((word) => word.length));

function isListed(candidate: string): boolean {
  if (COMMON_PASSWORDS.has(candidate)) return true;
  const plain = [...candidate].map((c) => LOOK_ALIKES[c] ?? c).join('');
  return COMMON_PASSWORDS.has(plain);
}

/** "qwertyqwerty", "passwordpassword": a listed word repeated. */
function isRepeatedListed(candidate: string): boolean {
  for (let unit = MIN_COMMON_LENGTH; unit <= Math.min(LONGEST_COMMON, candidate.length / 2); unit += 1) {
    if (candidate.length % unit !== 0) continue;
    const head = candidate.slice(0, unit);
    if (head.repeat(candidate.length / unit) === candidate && isListed(head)) return true;
  }
  return false;
}

/**
 * True for a listed password, or a listed password with only digits, punctuation or spaces added before or
 * after it, or repeated, compared case-insensitively and with look-alike digits read as letters
 * ("P@ssw0rd2026!").
 */
export function isCommonPassword(password: string): boolean {
  const chars = [...password.normalize('NFKC').toLowerCase()];
  let lead = 0;
  while (lead < chars.length && FILLER.test(chars[lead]!)) lead += 1;
  let trail = 0;
  while (trail < chars.length && FILLER.test(chars[chars.length - 1 - trail]!)) trail += 1;
  const whole = chars.join('');
  const core = chars.slice(Math.min(lead, chars.length - trail), chars.length - trail).join('');
  if (isRepeatedListed(whole) || isRepeatedListed(core)) return true;
  // Every way of cutting filler off both ends that leaves something as short as a listed word (a password of
  // filler only, such as "123456789012", is all filler: every part of it is tried).
  for (let start = 0; start <= lead; start += 1) {
    const last = Math.min(chars.length, start + LONGEST_COMMON);
    for (let end = last; end >= chars.length - trail && end - start >= MIN_COMMON_LENGTH; end -= 1) {
      if (isListed(chars.slice(start, end).join(''))) return true;
    }
  }
  return false;
}
