/**
 * The checkout hold over the socket: start, heartbeat (about every 15 s
 * while the checkout screen is open), release. A socket that drops keeps its
 * holds for a grace period; if no heartbeat renews them by then (from a
 * reconnected socket on any instance), they are released and announced.
 */
import type { Socket } from 'socket.io';
import Type from 'typebox';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { HoldLimit } from '../availability/hold-limit.ts';
import { command, type GuardOptions, type SocketData } from './socket-guard.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Start = Type.Object({ slotId: Id, serviceId: Id }, { additionalProperties: false });
const Token = Type.Object({ lockToken: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export interface GraceTimers {
  /** Pending releases by lock token, so a heartbeat from a new socket can cancel one. */
  pending: Map<string, NodeJS.Timeout>;
  graceMs: number;
}

export function holdHandlers(
  socket: Socket,
  deps: { availability: AvailabilityService; guard: GuardOptions; grace: GraceTimers; holdLimit: HoldLimit },
): void {
  const data = socket.data as SocketData;
  const { availability, grace } = deps;
  const opts = { ...deps.guard, requireUser: true, perAccount: deps.holdLimit };
  const keep = (token: string, expiresAt: string) => {
    const timer = grace.pending.get(token);
    if (timer) clearTimeout(timer);
    grace.pending.delete(token);
    data.holds.set(token, expiresAt);
  };

  command<{ slotId: number; serviceId: number }, object>(socket, 'hold:start', Start, opts, async (p, user) => {
    const hold = await availability.hold(user as NonNullable<typeof user>, p.slotId, p.serviceId);
    // Taking a new hold releases the customer's earlier one that day; stop tracking tokens that are gone.
    for (const token of data.holds.keys()) if (token !== hold.lockToken) data.holds.delete(token);
    keep(hold.lockToken, hold.expiresAt);
    return hold;
  });

  command<{ lockToken: string }, object>(socket, 'hold:heartbeat', Token, opts, async (p, user) => {
    try {
      const r = await availability.renew(user as NonNullable<typeof user>, p.lockToken);
      keep(p.lockToken, r.expiresAt);
      return r;
    } catch (err) {
      data.holds.delete(p.lockToken);
      throw err;
    }
  });

  command<{ lockToken: string }, object>(socket, 'hold:release', Token, opts, async (p, user) => {
    data.holds.delete(p.lockToken);
    await availability.release(user as NonNullable<typeof user>, { token: p.lockToken });
    return {};
  });

  socket.on('disconnect', () => {
    for (const [token, expiresAt] of data.holds) {
      const timer = setTimeout(() => {
        grace.pending.delete(token);
        availability.releaseAbandoned(token, expiresAt).catch((err: unknown) => {
          deps.guard.log.warn({ err }, 'releasing an abandoned hold failed; it will expire');
        });
      }, grace.graceMs);
      timer.unref();
      grace.pending.set(token, timer);
    }
    data.holds.clear();
  });
}
