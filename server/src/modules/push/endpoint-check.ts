/**
 * Which push endpoints the server will POST to. A subscription's endpoint is
 * a URL the user hands us and the server later calls, so it must not turn
 * the server into a way to reach its own network: https only, no
 * credentials in the URL, and no loopback, private, link-local, reserved or
 * multicast literal addresses in any spelling (nor `localhost`) unless
 * PUSH_ALLOW_LOCAL_ENDPOINTS says a local stand-in push service is expected.
 * Real push services (FCM, Mozilla, Apple, Windows) are public https hosts.
 * Names are checked again where it counts, on the addresses they resolve to
 * when a push is sent (public-agent.ts).
 */
import { BlockList, isIP } from 'node:net';
import { invalid } from '../../errors.ts';

const local = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  // Multicast, reserved and broadcast: no push service is there.
  ['224.0.0.0', 3],
] as const) {
  local.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  // The unspecified and loopback addresses, and IPv4-compatible ones (`::127.0.0.1`).
  ['::', 96],
  // The local-use NAT64 prefix (RFC 8215): a network's own translator.
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  local.addSubnet(net, bits, 'ipv6');
}

/** True when the host names this machine or a private network by address or by `localhost`. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
  if (mapped) return local.check(mapped, 'ipv4');
  if (family === 4) return local.check(host, 'ipv4');
  // NAT64 (64:ff9b::/96, how an IPv6-only host with DNS64 reaches IPv4 push services) and 6to4
  // (2002::/16) carry an IPv4 address: that address decides.
  const embedded = embeddedIpv4(host);
  return embedded ? local.check(embedded, 'ipv4') : local.check(host, 'ipv6');
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, else undefined. */
function embeddedIpv4(ipv6: string): string | undefined {
  const words = hextets(ipv6);
  if (!words) return undefined;
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0);
  const pair = nat64 ? [words[6], words[7]] : words[0] === 0x2002 ? [words[1], words[2]] : undefined;
  if (!pair) return undefined;
  const [hi = 0, lo = 0] = pair;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (a trailing dotted IPv4 part included). */
function hextets(ipv6: string): number[] | undefined {
  let text = ipv6;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (x: string) => (x ? x.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return undefined;
  return [...left, ...Array(fill).fill(0), ...right];
}

/** Throws a 400 naming `endpoint` unless the server may send pushes there. */
export function checkEndpoint(endpoint: string, allowLocal: boolean): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid('endpoint', 'endpoint must be an https URL');
  }
  if (url.protocol !== 'https:') throw invalid('endpoint', 'endpoint must be an https URL');
  if (url.username || url.password) throw invalid('endpoint', 'endpoint must not carry credentials');
  if (!allowLocal && isLocalHost(url.hostname)) {
    throw invalid('endpoint', 'endpoint must be a public push service, not a local or private address');
  }
}
