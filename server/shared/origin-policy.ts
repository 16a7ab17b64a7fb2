/**
 * Which browser origins may call the API and open sockets. WebSocket upgrades are not covered by CORS, so the
 * socket server asks this policy itself. Allowed: the configured widget origins, PUBLIC_URL, and the server's
 * own origins as it listens (`ownOrigins`, e.g. http://127.0.0.1:3000 and http://localhost:3000). The `Host`
 * header is never trusted for this: any client can write it, so "Origin matches Host" would let a page on any
 * site through, as long as its request claimed that site as the Host. Scheme, host and port are compared.
 * Requests without an Origin header come from non-browser clients, which CORS does not protect against
 * anyway, and are allowed.
 */
export interface OriginPolicy {
  allows(origin: string | undefined): boolean;
}

export function createOriginPolicy(
  configured: readonly string[],
  publicUrl: string | undefined,
  ownOrigins: () => readonly string[] = () => [],
): OriginPolicy {
  const allowed = new Set(configured.map((origin) => new URL(origin).origin));
  if (publicUrl !== undefined) allowed.add(new URL(publicUrl).origin);
  return {
    allows(origin) {
      if (origin === undefined) return true;
      let parsed: string;
      try {
        parsed = new URL(origin).origin;
      } catch {
        return false;
      }
      return allowed.has(parsed) || ownOrigins().includes(parsed);
    },
  };
}

/** The origins a browser uses to reach a server listening on this address (loopback gets its usual names). */
export function listeningOrigins(address: { address: string; port: number } | string | null): string[] {
  if (address === null || typeof address === 'string') return [];
  const { port } = address;
  const host = address.address;
  if (['0.0.0.0', '::', '127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(host)) {
    return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
  }
  return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
}
