/**
 * The one wrapper every socket command goes through: acknowledgement
 * required, rate limit per account (per address when anonymous), payload
 * validated against its shared schema (and free of control characters), and
 * errors turned into a failed acknowledgement carrying what the HTTP problem
 * body carries (`code`, `detail`, `field`, `lockedUntil`, `alternatives`),
 * never a stack or an internal message. A client that keeps flooding is
 * disconnected. Handlers are typed by the shared event map.
 */
import {
  type AckError,
  type ClientToServerEvents,
  type CommandName,
  type CommandPayloads,
  type CommandResults,
  commandSchemas,
  ErrorCode,
  type ServerToClientEvents,
} from '@glamify/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError, schemaError, toAppError } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from '../../lib/control-chars.ts';
import type { CommandBuckets } from './socket-limits.ts';

export interface SocketData {
  user?: AuthUser;
  /** lockToken -> the expiry this socket last saw, for every hold it took, for the disconnect grace release. */
  holds: Map<string, string>;
  /** The salon-day rooms this socket watches. */
  rooms: Set<string>;
  /** The client's address, as the trusted proxies report it. */
  address: string;
  /** Whose command budget this socket spends: `user:<id>`, or `ip:<address>` when anonymous. */
  limitKey: string;
}

/** A server-side socket typed by the shared event maps. */
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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

/**
 * Validates a command's payload with its shared schema, then refuses control
 * characters in any string; throws a 400-style error naming the field.
 */
function validate<K extends CommandName>(name: K, payload: unknown): CommandPayloads[K] {
  const check = compiled(commandSchemas[name]);
  if (!check.Check(payload)) throw schemaError([...check.Errors(payload)], 'payload');
  const bad = findControlCharacter(payload);
  if (bad) {
    const field = bad.path || 'payload';
    throw new AppError(ErrorCode.VALIDATION_FAILED, `Field "${field}" ${CONTROL_CHARACTER_MESSAGE}`, { field });
  }
  return payload as CommandPayloads[K];
}

function failure(err: AppError): AckError {
  return { ok: false, ...err.details() };
}

type Handler<K extends CommandName, U> = (
  payload: CommandPayloads[K],
  user: U,
  socket: AppSocket,
) => Promise<CommandResults[K]>;

interface CommandOptions {
  requireUser: boolean;
  /** A budget the account spends per command (the hold commands'), shared with HTTP. */
  perAccount?: ((user: AuthUser) => Promise<void>) | undefined;
}

/** A command's listener, made once per server and shared by every socket (it finds its socket in `this`). */
export interface Command {
  name: CommandName;
  listener: (this: AppSocket, payload: unknown, ack: unknown) => Promise<void>;
}

function command<K extends CommandName>(
  name: K,
  opts: GuardOptions,
  handler: Handler<K, AuthUser | undefined>,
  options: CommandOptions,
): Command {
  // One function for all sockets: a closure per command per socket was a measurable share
  // of an idle socket's memory (docs/decisions/2026-11-25-day-versions.md).
  async function listener(this: AppSocket, payload: unknown, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: object) => void;
    const taken = opts.buckets.take(this.data.limitKey);
    if (!taken.ok) {
      reply(failure(new AppError(ErrorCode.RATE_LIMITED, 'Too many commands; slow down')));
      if (taken.strikes > opts.ratePerSecond * 5) {
        opts.log.warn({ socket: this.id }, 'socket flooding; disconnecting');
        this.disconnect(true);
      }
      return;
    }
    try {
      const valid = validate(name, payload);
      const user = this.data.user;
      if (options.requireUser && !user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to do this');
      if (options.perAccount && user) await options.perAccount(user);
      reply({ ok: true, ...(await handler(valid, user, this)) });
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) opts.log.error({ err, event: name }, 'socket command failed');
      reply(failure(e));
    }
  }
  return { name, listener };
}

/** A command anyone connected may send (watching a schedule). */
export function openCommand<K extends CommandName>(
  name: K,
  opts: GuardOptions,
  handler: Handler<K, AuthUser | undefined>,
): Command {
  return command(name, opts, handler, { requireUser: false });
}

/** A command that needs a signed-in socket (holds); `perAccount` is a budget it spends first. */
export function userCommand<K extends CommandName>(
  name: K,
  opts: GuardOptions & { perAccount?: (user: AuthUser) => Promise<void> },
  handler: Handler<K, AuthUser>,
): Command {
  return command(name, opts, (p, user, socket) => handler(p, user as AuthUser, socket), {
    requireUser: true,
    perAccount: opts.perAccount,
  });
}

/** Registers the shared listeners on one socket. */
export function attachCommands(socket: AppSocket, commands: readonly Command[]): void {
  // The listener checks what arrives (an untrusted payload and ack) before the typed handler sees it.
  for (const c of commands) socket.on(c.name, c.listener as never);
}
