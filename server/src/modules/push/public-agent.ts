/**
 * The HTTPS agent pushes go out on: it connects only to public addresses,
 * whatever name led there. The endpoint check at subscribe time sees the
 * URL alone, and a public-looking name can resolve to 127.0.0.1 or
 * 169.254.169.254 (or be pointed there after the check), so the check that
 * counts is on the addresses the name resolves to when we connect.
 */
import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import { Agent } from 'node:https';
import { isLocalHost } from './endpoint-check.ts';

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

type ConnectLookup = (
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** A `lookup` for sockets that fails when any address of the name is local or private. */
export function publicOnlyLookup(resolve: Resolve = lookup): ConnectLookup {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const local = addresses.find((a) => isLocalHost(a.address));
      const first = addresses[0];
      if (local || !first) {
        const why = local ? `resolves to ${local.address}` : 'has no address';
        const refused: NodeJS.ErrnoException = new Error(`push service ${hostname} ${why}: not a public address`);
        refused.code = 'EPUSHNOTPUBLIC';
        return callback(refused, []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** Keep-alive, like Node's global agent, since pushes go to a handful of services. */
export function publicPushAgent(): Agent {
  return new Agent({ keepAlive: true, lookup: publicOnlyLookup() as never });
}
