/**
 * The fan-out baseline: a bare `ws` server (bufferutil, no compression, as
 * Socket.IO runs it) in its own process. A control client asks for a
 * "hold"; the server acknowledges it, then sends the very frame Socket.IO
 * would send for `slot:locked` to every watcher. No rooms, no parser, no
 * database: the floor for one process writing one message to N sockets.
 */
import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from '../../server/test/bench-deps.ts';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 16 * 1024 });
const watchers = new Set<InstanceType<typeof WebSocket>>();

wss.on('connection', (ws: InstanceType<typeof WebSocket>, req: IncomingMessage) => {
  if (req.url === '/control') {
    ws.on('message', (data: Buffer) => {
      const { id, salonId, date } = JSON.parse(data.toString()) as { id: number; salonId: number; date: string };
      const expiresAt = new Date(Date.now() + 300_000).toISOString();
      ws.send(JSON.stringify({ ok: true, id, expiresAt }));
      const frame = `42${JSON.stringify(['slot:locked', { salonId, date, slotIds: [id], expiresAt }])}`;
      for (const w of watchers) w.send(frame);
    });
    return;
  }
  watchers.add(ws);
  ws.on('close', () => watchers.delete(ws));
});

wss.on('listening', () => {
  const addr = wss.address();
  process.send?.({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
});

process.on('message', (m: { type: string }) => {
  if (m.type === 'close') {
    for (const w of watchers) w.terminate();
    wss.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  }
});
