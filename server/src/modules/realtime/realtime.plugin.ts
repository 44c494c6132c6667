/**
 * Socket.IO on the Fastify HTTP server, typed with the shared event maps.
 * Handshake tokens are the API's; anonymous sockets may only watch. Domain
 * events reach local sockets right after commit and other instances through
 * the PostgreSQL bus.
 */
import {
  type ClientToServerEvents,
  type ErrorCode,
  ownerRoom,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  userRoom,
} from '@glamify/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { DomainEvent } from '../../lib/events.ts';
import { clientAddress, trustFunction } from '../../lib/trust-proxy.ts';
import type { Services } from '../../services.ts';
import { createHoldLimit } from '../availability/hold-limit.ts';
import { type Bus, startBus } from './bus.ts';
import { deliver, isRelayed } from './delivery.ts';
import { createExpiryTimers } from './expiry.ts';
import { dropHandshakeRequest } from './handshake-memory.ts';
import { type GraceTimers, holdCommands } from './hold.socket.ts';
import { createPresence, type PresenceUpdate } from './presence.ts';
import { rawJsonParser } from './raw-json.ts';
import { scheduleCommands } from './schedule.socket.ts';
import { type AppSocket, attachCommands, type SocketData } from './socket-guard.ts';
import { createCommandBuckets, createConnectionCounter, disconnectAt } from './socket-limits.ts';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: Io;
    bus: Bus | undefined;
  }
}

type BusItem = { kind: 'event'; event: DomainEvent } | PresenceUpdate;

export const realtimePlugin = fp<{ services: Services }>(async (app: FastifyInstance, { services }) => {
  const { deps, availability } = services;
  const { config, log } = deps;
  const io: Io = new Server(app.server, {
    serveClient: false,
    // Workers on one port take connections in turn, so a long-polling session's
    // requests would land on workers that do not know it: WebSocket only there
    // (clients without it fall back to plain HTTP reads and holds).
    transports: config.workers > 1 ? ['websocket'] : ['websocket', 'polling'],
    maxHttpBufferSize: 16 * 1024,
    // Join snapshots are serialised once per day version and spliced into each acknowledgement.
    parser: rawJsonParser,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  const trust = trustFunction(config.trustProxy);
  const connections = createConnectionCounter(config.socketMaxConnectionsPerIp);
  const tokenExpiry = new WeakMap<object, number>();
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; v?: unknown };
    const address = clientAddress(trust, socket.handshake.address, socket.handshake.headers);
    socket.data.holds = new Map();
    socket.data.rooms = new Set();
    socket.data.address = address;
    socket.data.limitKey = `ip:${address}`;
    if (auth.v !== undefined && auth.v !== PROTOCOL_VERSION) {
      return next(new Error('UNSUPPORTED_PROTOCOL' satisfies string));
    }
    if (!connections.admits(address)) return next(new Error('RATE_LIMITED' satisfies ErrorCode));
    if (auth.token === undefined || auth.token === null || auth.token === '') return next();
    try {
      if (typeof auth.token !== 'string') throw new Error('bad token');
      const user = app.verifyToken(auth.token);
      socket.data.user = user;
      socket.data.limitKey = `user:${user.id}`;
      const exp = app.jwt.decode<{ exp?: number }>(auth.token)?.exp;
      if (typeof exp === 'number') tokenExpiry.set(socket, exp * 1000);
      return next();
    } catch {
      return next(new Error('UNAUTHENTICATED' satisfies ErrorCode));
    }
  });

  let bus: Bus | undefined;
  const presence = createPresence({
    instanceId: 'local',
    localCount: (room) => io.sockets.adapter.rooms.get(room)?.size ?? 0,
    localRooms: () => [...io.sockets.adapter.rooms.keys()].filter((r) => r.startsWith('salon:')),
    emit: (room, watching) => {
      const [, salonId, date] = room.split(':');
      io.to(room).emit('schedule:presence', { salonId: Number(salonId), date: date as string, watching });
    },
    share: (update) => bus?.send({ ...update, instance: bus.instanceId }),
  });
  const expiry = createExpiryTimers(
    () => availability.cleanupExpired(),
    (err) => log.warn({ err }, 'hold expiry sweep failed'),
  );
  const grace: GraceTimers = { pending: new Map(), graceMs: config.holdGraceSeconds * 1000 };
  const buckets = createCommandBuckets(config.socketRatePerSecond);
  const guard = { ratePerSecond: config.socketRatePerSecond, buckets, log };
  const holdLimit = createHoldLimit(deps);

  const onItems = (items: unknown[]) => {
    for (const item of items as BusItem[]) {
      if (item.kind === 'presence') presence.onRemote(item);
      else if (item.kind === 'event') {
        deliver(io, item.event);
        if (item.event.type === 'slot:locked') expiry.note(item.event.expiresAt);
      }
    }
  };
  if (config.bus) bus = await startBus(app.orm.config.get('clientUrl') as string, onItems, log);

  const unsubscribe = deps.events.subscribe((events) => {
    for (const e of events) {
      if (e.type === 'slot:locked') expiry.note(e.expiresAt);
      if (!isRelayed(e)) continue;
      deliver(io, e);
      bus?.send({ kind: 'event', event: e } satisfies BusItem);
    }
  });

  // Command listeners are made once and shared by every socket (they find theirs in `this`).
  const schedule = scheduleCommands({ availability, presence, guard, now: deps.now });
  const holds = holdCommands({ availability, guard, grace, holdLimit });
  const commands = [...schedule.commands, ...holds.commands];
  function onDisconnect(this: AppSocket): void {
    connections.closed(this.data.address);
    schedule.onDisconnect.call(this);
    holds.onDisconnect.call(this);
  }

  io.on('connection', (socket) => {
    // The middleware has read the handshake (address, token): an idle socket (a kiosk
    // stays for days) need not keep the upgrade request alive.
    dropHandshakeRequest(socket as unknown as Parameters<typeof dropHandshakeRequest>[0]);
    // Counted here, not in the middleware: a handshake that never completes must not hold a place.
    connections.opened(socket.data.address);
    socket.on('disconnect', onDisconnect);
    const expiresAt = tokenExpiry.get(socket);
    if (expiresAt !== undefined) disconnectAt(socket, expiresAt);
    const user = socket.data.user;
    if (user?.role === 'owner' || user?.role === 'admin') void socket.join(ownerRoom(user.id));
    // Offers to this account reach every socket it has open, on any instance.
    if (user) void socket.join(userRoom(user.id));
    attachCommands(socket, commands);
  });

  app.decorate('io', io);
  app.decorate('bus', bus);
  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    presence.close();
    await expiry.close();
    buckets.close();
    for (const t of grace.pending.values()) clearTimeout(t);
    grace.pending.clear();
    // Only now: requests still draining while the server closed (a rolling deploy) commit
    // bookings whose events the other instances' watchers must hear; close() flushes them.
    unsubscribe();
    await bus?.close();
  });
});
