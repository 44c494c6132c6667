/**
 * The checkout hold over the socket: start, heartbeat (about every 15 s
 * while the checkout screen is open), release. A socket that drops keeps
 * every hold it took for a grace period; if no heartbeat renews one by then
 * (from a reconnected socket on any instance), it is released and announced.
 */
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { HoldLimit } from '../availability/hold-limit.ts';
import { type AppSocket, type Command, type GuardOptions, userCommand } from './socket-guard.ts';

export interface GraceTimers {
  /** Pending releases by lock token, so a heartbeat from a new socket can cancel one. */
  pending: Map<string, NodeJS.Timeout>;
  graceMs: number;
}

/** The hold commands, made once per server; `onDisconnect` starts each dropped socket's grace period. */
export function holdCommands(deps: {
  availability: AvailabilityService;
  guard: GuardOptions;
  grace: GraceTimers;
  holdLimit: HoldLimit;
}): { commands: Command[]; onDisconnect: (this: AppSocket) => void } {
  const { availability, grace } = deps;
  // Every hold command spends the account's hold budget, shared with the HTTP lock routes.
  const guard = { ...deps.guard, perAccount: deps.holdLimit };
  const keep = (socket: AppSocket, token: string, expiresAt: string) => {
    const timer = grace.pending.get(token);
    if (timer) clearTimeout(timer);
    grace.pending.delete(token);
    socket.data.holds.set(token, expiresAt);
  };

  const commands = [
    userCommand('hold:start', guard, async (p, user, socket) => {
      const { released, ...hold } = await availability.hold(user, p.slotId, p.serviceId);
      // Only the holds this one replaced are gone; holds on other days stay tracked.
      for (const token of released) socket.data.holds.delete(token);
      keep(socket, hold.lockToken, hold.expiresAt);
      return hold;
    }),

    userCommand('hold:heartbeat', guard, async (p, user, socket) => {
      try {
        const r = await availability.renew(user, p.lockToken);
        keep(socket, p.lockToken, r.expiresAt);
        return r;
      } catch (err) {
        socket.data.holds.delete(p.lockToken);
        throw err;
      }
    }),

    userCommand('hold:release', guard, async (p, user, socket) => {
      socket.data.holds.delete(p.lockToken);
      await availability.release(user, { token: p.lockToken });
      return {};
    }),
  ];

  function onDisconnect(this: AppSocket): void {
    const holds = this.data.holds;
    for (const [token, expiresAt] of holds) {
      const timer = setTimeout(() => {
        grace.pending.delete(token);
        availability.releaseAbandoned(token, expiresAt).catch((err: unknown) => {
          guard.log.warn({ err }, 'releasing an abandoned hold failed; it will expire');
        });
      }, grace.graceMs);
      timer.unref();
      grace.pending.set(token, timer);
    }
    holds.clear();
  }
  return { commands, onDisconnect };
}
