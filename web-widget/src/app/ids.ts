/**
 * A unique id for a message the visitor typed; the server stores a resend with the same id once.
 * `crypto.randomUUID` needs a secure context (https or localhost): a shop served over plain http still
 * gets 128 random bits.
 */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // Not a secure context: fall through.
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
