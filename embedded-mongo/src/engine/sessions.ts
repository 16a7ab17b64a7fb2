import { createHash } from 'node:crypto';

import { Binary } from 'bson';
import type { Document } from 'bson';

// With no authentication every session belongs to the same (empty) user; mongod's uid is its SHA-256.
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest());

/** Logical sessions seen on commands (`lsid`), for $listLocalSessions; the engine keeps no other session state. */
export class SessionRegistry {
  readonly #sessions = new Map<string, { id: unknown; lastUse: Date }>();

  touch(lsid: unknown): void {
    const id = (lsid as Document | undefined)?.id;
    if (!(id instanceof Binary)) return;
    this.#sessions.set(id.toString('hex'), { id, lastUse: new Date() });
    if (this.#sessions.size > 10_000) this.#expire();
  }

  // Sessions expire after logicalSessionTimeoutMinutes (30) without use, as the handshake promises.
  #expire(): void {
    const cutoff = Date.now() - 30 * 60_000;
    for (const [key, session] of this.#sessions)
      if (session.lastUse.getTime() < cutoff) this.#sessions.delete(key);
  }

  end(lsids: unknown): void {
    if (!Array.isArray(lsids)) return;
    for (const lsid of lsids) {
      const id = (lsid as Document | undefined)?.id;
      if (id instanceof Binary) this.#sessions.delete(id.toString('hex'));
    }
  }

  list(): Document[] {
    this.#expire();
    return [...this.#sessions.values()].map(({ id, lastUse }) => ({
      _id: { id, uid: ANONYMOUS_UID },
      lastUse,
    }));
  }
}
