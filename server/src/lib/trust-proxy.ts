/**
 * Which `X-Forwarded-For` entries to believe. `true` ("trust every hop") is
 * not offered: with it any client picks its own address by sending the
 * header, and every per-IP limit becomes per-request. What remains:
 *
 * - a list of proxy addresses or CIDR ranges (`10.0.0.0/8,127.0.0.1`, and
 *   proxy-addr's names `loopback`, `linklocal`, `uniquelocal`): the client
 *   address is the first one, walking back from the peer, that is not a
 *   listed proxy. Safe even when clients can reach the server directly.
 * - a hop count n: the n nearest entries are proxies. Only safe when the
 *   server cannot be reached except through exactly those n proxies.
 *
 * HTTP (Fastify) and Socket.IO handshakes use the same compiled function, so
 * a client has one address everywhere.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

export type TrustProxy = false | number | string[];
export type TrustFn = (address: string, hop: number) => boolean;

/** Parses TRUST_PROXY; throws a message naming the variable on anything else. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (value.toLowerCase() === 'true') {
    throw new Error(
      'TRUST_PROXY=true would trust every X-Forwarded-For hop, so any client could choose its address; ' +
        'set the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error(`TRUST_PROXY must be a hop count between 0 and 10, got "${raw}"`);
    return hops;
  }
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    try {
      proxyAddr.compile(entry);
    } catch {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return list;
}

/** The function Fastify and the socket handshake both use. */
export function trustFunction(trust: TrustProxy): TrustFn {
  if (trust === false) return () => false;
  if (typeof trust === 'number') {
    const hops = trust;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(trust);
}

/** A client's address from a peer address and the headers it sent. */
export function clientAddress(
  trust: TrustFn,
  remoteAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): string {
  const req = { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
  return proxyAddr(req, trust) ?? remoteAddress ?? 'unknown';
}
