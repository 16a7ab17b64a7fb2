import type { PendingMessage } from './store/state.ts';

/**
 * What the widget keeps in the browser, under keys named for the Concierge server (two widgets of two servers
 * on one shop never mix): the visitor token and what was read in localStorage (every tab of the shop shares
 * the conversation); open/closed and unsent messages in sessionStorage (this tab: a page navigation keeps
 * the panel open, another tab does not pop open). Storage can be missing or full (private modes, blocked
 * cookies): the widget then works for the page's lifetime only.
 */
export interface WidgetStorage {
  token(): string | null;
  setToken(token: string | null): void;
  open(): boolean;
  setOpen(open: boolean): void;
  readSeq(): number;
  setReadSeq(seq: number): void;
  pending(): PendingMessage[];
  setPending(pending: readonly PendingMessage[]): void;
  /** Forgets everything (the shop's logout). */
  clear(): void;
}

export function createWidgetStorage(serverUrl: string): WidgetStorage {
  const prefix = `concierge:${serverUrl}:`;
  const local = safe(() => window.localStorage);
  const session = safe(() => window.sessionStorage);
  const memory = new Map<string, string>();

  const read = (store: Storage | null, key: string): string | null => {
    const value = store ? safe(() => store.getItem(prefix + key)) : undefined;
    return value ?? memory.get(key) ?? null;
  };
  const write = (store: Storage | null, key: string, value: string | null): void => {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
    if (!store) return;
    safe(() => (value === null ? store.removeItem(prefix + key) : store.setItem(prefix + key, value)));
  };

  return {
    token: () => read(local, 'token'),
    setToken: (token) => write(local, 'token', token),
    open: () => read(session, 'open') === '1',
    setOpen: (open) => write(session, 'open', open ? '1' : null),
    readSeq: () => Number(read(local, 'readSeq') ?? 0) || 0,
    setReadSeq: (seq) => write(local, 'readSeq', String(seq)),
    pending() {
      try {
        const parsed: unknown = JSON.parse(read(session, 'pending') ?? '[]');
        return Array.isArray(parsed) ? parsed.filter(isPending) : [];
      } catch {
        return [];
      }
    },
    setPending: (pending) => write(session, 'pending', pending.length === 0 ? null : JSON.stringify(pending)),
    clear() {
      for (const key of ['token', 'readSeq']) write(local, key, null);
      for (const key of ['pending']) write(session, key, null);
    },
  };
}

function safe<T>(get: () => T): T | null {
  try {
    return get();
  } catch {
    return null;
  }
}

function isPending(value: unknown): value is PendingMessage {
  const p = value as Partial<PendingMessage> | null;
  return (
    typeof p?.clientMessageId === 'string' && typeof p.text === 'string' && typeof p.createdAt === 'string'
  );
}
