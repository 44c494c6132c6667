/**
 * One budget of hold commands per account, whichever way they come:
 * `hold:start`, `hold:heartbeat` and `hold:release` on any socket, and
 * POST/DELETE /availability/slots/:slotId/lock, on any instance. Keyed by
 * account, not by socket or address, so reconnecting, opening more sockets
 * or switching to HTTP buys nothing.
 */
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';

export type HoldLimit = (user: { id: number }) => Promise<void>;

export function createHoldLimit(deps: Pick<Deps, 'config' | 'limiter'>): HoldLimit {
  const rule = limitRules(deps.config).holds;
  return (user) => deps.limiter.consume(rule, `user:${user.id}`, 'Too many hold requests');
}
