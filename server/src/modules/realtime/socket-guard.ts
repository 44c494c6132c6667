/**
 * The one wrapper every socket command goes through: acknowledgement
 * required, payload validated, rate limit per account (per address when
 * anonymous), and errors turned into `{ ok: false, code }` with a known code
 * (never a stack or an internal message). A client that keeps flooding is
 * disconnected.
 */
import { type AckError, ErrorCode } from '@glamify/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from '../../lib/control-chars.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { toAppError } from '../../plugins/errors.ts';
import type { CommandBuckets } from './socket-limits.ts';

export interface SocketData {
  user?: AuthUser;
  /** lockToken -> the expiry this socket last saw, for the disconnect grace release. */
  holds: Map<string, string>;
  /** The salon-day rooms this socket watches. */
  rooms: Set<string>;
  /** The client's address, as the trusted proxies report it. */
  address: string;
  /** Whose command budget this socket spends: `user:<id>`, or `ip:<address>` when anonymous. */
  limitKey: string;
}

export interface GuardOptions {
  ratePerSecond: number;
  buckets: CommandBuckets;
  log: FastifyBaseLogger;
}

// Schemas are module constants: compile each once, not once per socket.
const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function compiled(schema: TSchema) {
  let v = validators.get(schema);
  if (!v) {
    v = Compile(schema);
    validators.set(schema, v);
  }
  return v;
}

type AnySocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

export function command<P, R extends object>(
  socket: Socket,
  name: string,
  schema: TSchema,
  opts: GuardOptions & { requireUser: boolean; perAccount?: (user: AuthUser) => Promise<void> },
  handler: (payload: P, user: AuthUser | undefined) => Promise<R>,
): void {
  const check = compiled(schema);
  const s = socket as unknown as AnySocket;
  socket.on(name, async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: object) => void;
    const taken = opts.buckets.take(s.data.limitKey);
    if (!taken.ok) {
      reply({ ok: false, code: ErrorCode.RATE_LIMITED } satisfies AckError);
      if (taken.strikes > opts.ratePerSecond * 5) {
        opts.log.warn({ socket: socket.id }, 'socket flooding; disconnecting');
        socket.disconnect(true);
      }
      return;
    }
    if (!check.Check(payload)) {
      reply({ ok: false, code: ErrorCode.VALIDATION_FAILED } satisfies AckError);
      return;
    }
    const bad = findControlCharacter(payload);
    if (bad) {
      const field = bad.path || 'payload';
      const detail = `Field "${field}" ${CONTROL_CHARACTER_MESSAGE}`;
      const fail: AckError & { field: string; detail: string } = {
        ok: false,
        code: ErrorCode.VALIDATION_FAILED,
        field,
        detail,
      };
      reply(fail);
      return;
    }
    if (opts.requireUser && !s.data.user) {
      reply({ ok: false, code: ErrorCode.UNAUTHENTICATED } satisfies AckError);
      return;
    }
    try {
      if (opts.perAccount && s.data.user) await opts.perAccount(s.data.user);
      reply({ ok: true, ...(await handler(payload as P, s.data.user)) });
    } catch (err) {
      const e = toAppError(err as Error);
      if (e.status >= 500) opts.log.error({ err, event: name }, 'socket command failed');
      const fail: AckError = { ok: false, code: e.code };
      if (e.extras.lockedUntil) fail.lockedUntil = e.extras.lockedUntil;
      reply(fail);
    }
  });
}
