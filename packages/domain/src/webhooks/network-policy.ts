import { lookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may be delivered. By default only to public addresses over https: an endpoint URL is
 * chosen by a tenant's admin, and without this check it could make the server call its own network
 * (cloud metadata at 169.254.169.254, the database, admin ports) and report what answered.
 */
export interface WebhookNetworkPolicy {
  /** Allow http:// and loopback/private/link-local addresses (development, tests, on-premises receivers). */
  allowPrivateNetworks: boolean;
}

const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  notPublic.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, IPv4-mapped v6 included) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  return !notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/** Why this URL may not receive webhooks, or null when it may (addresses are checked again when sending). */
export function webhookUrlProblem(url: string, policy: WebhookNetworkPolicy): string | null {
  if (url.length > 2048) return 'The URL is longer than 2048 characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The URL must be https://';
  if (parsed.username || parsed.password) return 'The URL may not carry a user name or password';
  if (parsed.hash) return 'The URL may not have a #fragment';
  if (policy.allowPrivateNetworks) return null;
  if (parsed.protocol !== 'https:') return 'The URL must be https:// (deliveries carry personal data)';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, ''); // "localhost." is localhost
  if (isIP(host) ? !isPublicAddress(host) : localNames.test(host))
    return `${host} is not a public address; only public https endpoints can receive webhooks`;
  return null;
}

/**
 * A `lookup` for outgoing requests that resolves as usual and keeps only public addresses, so the
 * connection goes to an address that was checked (a name re-pointed at a private address between a
 * check and the connection — DNS rebinding — is refused too).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const allowed = addresses.filter((a) => isPublicAddress(a.address));
    if (allowed.length === 0) {
      // Not which address: the delivery log must not map the server's network for a tenant's admins.
      const refusal = new Error(`${hostname} does not resolve to a public address`);
      return callback(refusal as NodeJS.ErrnoException, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};
