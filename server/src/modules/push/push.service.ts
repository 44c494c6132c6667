/**
 * The Push module's service: devices' subscriptions (per user and device),
 * the public VAPID key they subscribe with, and delivering one notification
 * record to every device of its user. Delivery runs after commit, from the
 * notification outbox (notifications/dispatch.ts), never in a transaction.
 */
import type { Agent } from 'node:https';
import type { PushMessage, PushSubscriptionBody, PushSubscriptionResult } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgCode } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import type { VapidKeys } from '../../lib/secret.ts';
import { checkEndpoint } from './endpoint-check.ts';
import { publicPushAgent } from './public-agent.ts';
import {
  isGone,
  type PushOptions,
  type PushTarget,
  type PushTransport,
  pushFailure,
  webPushTransport,
} from './web-push-transport.ts';

/** Devices one account keeps; subscribing another drops its oldest. */
export const MAX_DEVICES = 10;

export interface PushSetup {
  vapid: () => Promise<VapidKeys>;
  /** The HTTPS agent for push services (tests pass one that trusts their local stand-in). */
  agent?: Agent;
  /** Another transport altogether (tests of failure paths). */
  transport?: PushTransport;
}

export type PushService = ReturnType<typeof createPushService>;

export function createPushService(deps: Deps, setup: PushSetup) {
  // A local stand-in push service (PUSH_ALLOW_LOCAL_ENDPOINTS) is on a local address by definition.
  const agent = setup.agent ?? (deps.config.pushAllowLocalEndpoints ? undefined : publicPushAgent());
  const transport = setup.transport ?? webPushTransport(setup.vapid, deps.config.vapidSubject, agent);
  const rules = limitRules(deps.config);
  const em = () => deps.orm.em.fork() as EntityManager;

  /** Saves this device's subscription for the user; a device signed in as someone else moves to them. */
  async function subscribe(user: AuthUser, body: PushSubscriptionBody): Promise<PushSubscriptionResult> {
    checkEndpoint(body.endpoint, deps.config.pushAllowLocalEndpoints);
    await deps.limiter.consume(rules.pushSubscriptions, `user:${user.id}`, 'Too many push subscriptions');
    return em().transactional(async (tx) => {
      const [row] = await tx.execute<{ endpoint: string; createdAt: Date }[]>(
        `insert into push_subscriptions (user_id, endpoint, p256dh, auth) values (?, ?, ?, ?)
         on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
           created_at = case when push_subscriptions.user_id = excluded.user_id
                             then push_subscriptions.created_at else now() end
         returning endpoint, created_at as "createdAt"`,
        [user.id, body.endpoint, body.keys.p256dh, body.keys.auth],
      );
      await tx.execute(
        `delete from push_subscriptions where user_id = ? and id not in (
           select id from push_subscriptions where user_id = ? order by created_at desc, id desc limit ?)`,
        [user.id, user.id, MAX_DEVICES],
      );
      const saved = row as { endpoint: string; createdAt: Date };
      return { endpoint: saved.endpoint, createdAt: new Date(saved.createdAt).toISOString() };
    });
  }

  /** Stops pushes to this device for this user; unknown endpoints are fine (the answer is the same). */
  async function unsubscribe(user: AuthUser, endpoint: string): Promise<void> {
    await em().execute('delete from push_subscriptions where user_id = ? and endpoint = ?', [user.id, endpoint]);
  }

  async function record(notificationId: number, subscriptionId: number): Promise<void> {
    try {
      await em().execute(
        `with d as (insert into push_deliveries (notification_id, subscription_id) values (?, ?) on conflict do nothing)
         update push_subscriptions set last_success_at = now() where id = ?`,
        [notificationId, subscriptionId, subscriptionId],
      );
    } catch (err) {
      // The device unsubscribed while its push was on the way: nothing left to record.
      if (pgCode(err) !== '23503') throw err;
    }
  }

  /**
   * Sends one notification record to each of its user's devices that has
   * not had it yet. A device the push service says is gone (404/410) is
   * deleted; any other failure throws after the rest were tried, so the
   * outbox retries the record for the devices that missed it.
   */
  async function deliver(
    notificationId: number,
    userId: number,
    message: PushMessage,
    opts: PushOptions,
  ): Promise<{ delivered: number; gone: number }> {
    const devices = await em().execute<(PushTarget & { id: number })[]>(
      `select s.id, s.endpoint, s.p256dh, s.auth from push_subscriptions s
       where s.user_id = ? and not exists (
         select 1 from push_deliveries d where d.notification_id = ? and d.subscription_id = s.id)
       order by s.id`,
      [userId, notificationId],
    );
    const payload = JSON.stringify(message);
    const outcomes = await Promise.all(
      devices.map(async (d) => {
        try {
          await transport.send(d, payload, opts);
          await record(notificationId, d.id);
          return 'delivered' as const;
        } catch (err) {
          if (!isGone(err)) return pushFailure(err);
          await em().execute('delete from push_subscriptions where id = ?', [d.id]);
          return 'gone' as const;
        }
      }),
    );
    const failures = outcomes.filter((o) => o !== 'delivered' && o !== 'gone');
    if (failures.length > 0) {
      throw new Error(`push failed for ${failures.length} of ${devices.length} devices: ${failures[0]}`);
    }
    return {
      delivered: outcomes.filter((o) => o === 'delivered').length,
      gone: outcomes.filter((o) => o === 'gone').length,
    };
  }

  /** The key devices subscribe with. */
  async function publicKey(): Promise<string> {
    return (await setup.vapid()).publicKey;
  }

  return { publicKey, subscribe, unsubscribe, deliver };
}
