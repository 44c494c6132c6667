/**
 * Letting go of the upgrade request after the handshake keeps what the
 * handshake is read for: behind a trusted proxy, sockets are counted per
 * forwarded address (the request used to be dropped before Socket.IO read
 * its headers, so every socket counted against the proxy's address).
 */
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { parseTrustProxy } from '../../lib/trust-proxy.ts';

let t: TestApp;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ trustProxy: parseTrustProxy('loopback'), socketMaxConnectionsPerIp: 1 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

function open(forwardedFor: string): Promise<string> {
  const s = io(url, {
    transports: ['websocket'],
    auth: { v: 1 },
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': forwardedFor },
  });
  sockets.push(s);
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (err) => resolve(err.message));
  });
}

describe('the handshake, once read', () => {
  it('counts sockets per forwarded address behind a trusted proxy', async () => {
    expect(await open('203.0.113.1')).toBe('connected');
    expect(await open('203.0.113.2')).toBe('connected');
    expect(await open('203.0.113.1')).toBe('RATE_LIMITED');
  });

  it('keeps nothing of the upgrade request on a connected socket', async () => {
    await open('203.0.113.3');
    const [socket] = await t.app.io
      .in([])
      .fetchSockets()
      .then(() => [...t.app.io.sockets.sockets.values()]);
    expect(socket?.request).toBeNull();
    expect(socket?.handshake.headers).toEqual({});
  });
});
