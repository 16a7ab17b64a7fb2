/**
 * Which browser origins may call the API and open sockets. WebSocket upgrades are not covered by CORS, so the
 * socket server asks this policy itself. The server's own origin (the request's Host) is always allowed, the
 * configured widget origins (and PUBLIC_URL) besides. Requests without an Origin header come from
 * non-browser clients, which CORS does not protect against anyway, and are allowed.
 */
export interface OriginPolicy {
  allows(origin: string | undefined, host: string | undefined): boolean;
}

export function createOriginPolicy(configured: readonly string[], publicUrl?: string): OriginPolicy {
  const allowed = new Set(configured.map((origin) => new URL(origin).origin));
  if (publicUrl !== undefined) allowed.add(new URL(publicUrl).origin);
  return {
    allows(origin, host) {
      if (origin === undefined) return true;
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        return false;
      }
      return allowed.has(parsed.origin) || (host !== undefined && parsed.host === host.toLowerCase());
    },
  };
}
