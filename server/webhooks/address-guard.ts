import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook must not reach (SSRF): the server's own host, its private networks, link-local ranges
 * where clouds serve instance metadata and credentials (169.254.169.254, fd00:ec2::254), and addresses that
 * are not unicast. A registered URL is checked when it is saved, and the address it resolves to is checked
 * again on every delivery, at connection time, so a name that later resolves elsewhere (DNS rebinding)
 * cannot get past the first check.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Host names that are local by definition, whatever a resolver says. */
const LOCAL_NAMES = /(^|\.)(localhost|localdomain|internal|local)$/i;

/** The IPv4 address an IPv6 address embeds (mapped `::ffff:a.b.c.d`, or NAT64 `64:ff9b::a.b.c.d`), if any. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** True for an address a webhook may not be sent to (see above). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return blocked.check(v4, 'ipv4');
  return blocked.check(address, 'ipv6');
}

export class ForbiddenAddressError extends Error {
  constructor(readonly host: string) {
    super(
      `${host} is a loopback, private, link-local or metadata address; webhooks may not be sent there ` +
        '(WEBHOOK_ALLOW_PRIVATE_NETWORKS)',
    );
    this.name = 'ForbiddenAddressError';
  }
}

/** A URL's host without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export type Resolver = (host: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * At registration: why this URL may not be a webhook endpoint, or null when it may. Every address the name
 * resolves to must be allowed (a resolver may answer with any of them later).
 */
export async function refusalOfUrl(raw: string, resolver: Resolver = systemResolver): Promise<string | null> {
  const url = new URL(raw);
  const host = hostOf(url);
  if (isIP(host) !== 0) return isForbiddenAddress(host) ? new ForbiddenAddressError(host).message : null;
  if (LOCAL_NAMES.test(host)) return new ForbiddenAddressError(host).message;
  let addresses: readonly LookupAddress[];
  try {
    addresses = await resolver(host);
  } catch {
    return `${host} does not resolve to an address`;
  }
  const bad = addresses.find((entry) => isForbiddenAddress(entry.address));
  return bad === undefined ? null : new ForbiddenAddressError(`${host} (${bad.address})`).message;
}

/**
 * At delivery: the `lookup` the HTTP client connects with. It resolves the name and fails the connection
 * when the address is forbidden, so the address checked is the address connected to.
 */
export function guardedLookup(resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const usable = addresses.filter(
          (entry) => family === undefined || family === 0 || entry.family === family,
        );
        const bad = usable.find((entry) => isForbiddenAddress(entry.address));
        if (bad !== undefined || usable.length === 0) {
          const error = bad
            ? new ForbiddenAddressError(`${hostname} (${bad.address})`)
            : Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
          callback(error as NodeJS.ErrnoException, '', 4);
          return;
        }
        if (typeof options === 'object' && options.all) {
          (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        } else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

/** At delivery, before connecting to an IP literal (no lookup happens for those). */
export function assertLiteralAllowed(url: URL): void {
  const host = hostOf(url);
  if (isIP(host) !== 0 && isForbiddenAddress(host)) throw new ForbiddenAddressError(host);
  if (isIP(host) === 0 && LOCAL_NAMES.test(host)) throw new ForbiddenAddressError(host);
}
