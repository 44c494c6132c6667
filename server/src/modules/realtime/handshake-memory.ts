/**
 * What an idle socket stops carrying once its handshake has been read (the
 * middleware takes the address, the token and the protocol version from it).
 * Measured with heap snapshots of a server holding 2,000 sockets (see
 * docs/decisions/2026-11-25-day-versions.md): Socket.IO keeps the upgrade
 * request for the socket's life (`conn.request`), and so does engine.io's
 * upgrade response object, through a listener on the TCP socket that we
 * cannot reach. So the request is let go where we can, and emptied of what
 * it alone holds (raw headers, stream state, parsed query) where we cannot.
 */
import type { IncomingMessage } from 'node:http';

interface HandshakeHolder {
  handshake: { headers: unknown };
  client: { conn: { request: IncomingMessage | null } };
}

/** Fields of the upgrade request that only the request itself refers to. */
const HEAVY = ['rawHeaders', 'rawTrailers', '_readableState', '_query', 'headers', 'trailers', '_events'] as const;

export function dropHandshakeRequest(socket: HandshakeHolder): void {
  const req = socket.client.conn.request;
  socket.client.conn.request = null;
  socket.handshake.headers = {};
  if (!req) return;
  const loose = req as unknown as Record<string, unknown>;
  for (const k of HEAVY) {
    if (k in loose) loose[k] = undefined;
  }
}
