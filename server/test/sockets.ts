/** Real socket.io-clients against a real server listening on a port. */
import type { ClientToServerEvents, ServerToClientEvents } from '@glamify/shared';
import { io, type Socket } from 'socket.io-client';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(url: string, token?: string): Promise<Client> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: token ? { token, v: 1 } : { v: 1 },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits a command and resolves with its acknowledgement. */
export function ask<T = Record<string, unknown>>(socket: Client, event: string, payload: unknown): Promise<T> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<T> } })
    .timeout(10_000)
    .emitWithAck(event, payload);
}

/** Resolves with the first `event` whose payload passes `match`. */
export function next<T = Record<string, unknown>>(
  socket: Client,
  event: string,
  match: (p: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  const s = socket as unknown as { on(e: string, f: (p: T) => void): void; off(e: string, f: (p: T) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      s.off(event, handler);
      resolve(p);
    };
    s.on(event, handler);
  });
}

/** Records every event of the given names, in arrival order. */
export function record(socket: Client, events: string[]): Array<[string, Record<string, unknown>]> {
  const log: Array<[string, Record<string, unknown>]> = [];
  const s = socket as unknown as { on(e: string, f: (p: Record<string, unknown>) => void): void };
  for (const e of events) s.on(e, (p) => log.push([e, p]));
  return log;
}
