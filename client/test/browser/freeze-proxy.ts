/**
 * A TCP proxy in front of the test server that can play a dead network: while
 * frozen, open connections stay open but carry nothing (as when a router
 * dies and nobody tells the tablet), and new ones are accepted and left
 * hanging. Thawing drops the frozen connections and forwards again.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export interface FreezeProxy {
  url: string;
  freeze: () => void;
  thaw: () => void;
  close: () => Promise<void>;
}

export async function startFreezeProxy(target: string): Promise<FreezeProxy> {
  const { hostname, port } = new URL(target);
  let frozen = false;
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();
  const server: Server = createServer((client) => {
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (frozen) return; // accepted, and left hanging
    const upstream = tcpConnect(Number(port), hostname);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    // Data is dropped, not buffered, while frozen: the link is dead, not slow.
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      pairs.clear();
    },
    close: async () => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
