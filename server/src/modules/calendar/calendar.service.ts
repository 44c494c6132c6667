/**
 * The Calendar module's service: a booking as a calendar file (for its
 * customer or its salon's owner, by the bookings module's access rules) and
 * the owner's private feed of their salons' bookings.
 *
 * A feed link is a secret: 32 random bytes, of which only the SHA-256 is
 * stored, so a leaked database does not leak working links. Making a new
 * link revokes the previous one (one live link per owner, backed by a
 * partial unique index); revoking leaves none. Reads are limited per client
 * address, and a link that is not live answers 404 like one that never was.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type CalendarFeedLink, type CalendarFeedStatus, ErrorCode } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { bookingCalendarFile, type CalendarBooking, feedCalendarFile } from '../../lib/calendar-event.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import type { BookingsService } from '../bookings/bookings.service.ts';

/** How far back and how many bookings a feed lists. */
const FEED_PAST_DAYS = 30;
const FEED_MAX_EVENTS = 2000;
/** A read refreshes `last_read_at` at most this often (calendar apps poll; no write per poll). */
const READ_MARK_SECONDS = 300;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export type CalendarService = ReturnType<typeof createCalendarService>;

export function createCalendarService(deps: Deps, services: { bookings: BookingsService }) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const rules = limitRules(deps.config);

  /** GET /bookings/:id/calendar.ics: the customer's event, or the salon's view of it for the owner. */
  async function bookingFile(actor: AuthUser, id: number): Promise<string> {
    const b = await services.bookings.get(actor, id);
    const audience = b.customerId === actor.id ? 'customer' : 'owner';
    return bookingCalendarFile(
      {
        id: b.id,
        status: b.status,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        salonName: b.salonName,
        salonAddress: b.salonAddress,
        timezone: b.timezone,
        services: b.items.map((i) => i.name),
        staffName: b.staffName,
        customerName: b.customerName,
        sequence: b.sequence,
      },
      audience,
    );
  }

  async function status(owner: AuthUser): Promise<CalendarFeedStatus> {
    const [row] = await em().execute<{ createdAt: Date; lastReadAt: Date | null }[]>(
      `select created_at as "createdAt", last_read_at as "lastReadAt" from calendar_feeds
       where owner_id = ? and revoked_at is null`,
      [owner.id],
    );
    return {
      active: row !== undefined,
      createdAt: row ? new Date(row.createdAt).toISOString() : null,
      lastReadAt: row?.lastReadAt ? new Date(row.lastReadAt).toISOString() : null,
    };
  }

  /**
   * A new secret link; the previous one stops working in the same transaction.
   * It is built on PUBLIC_URL where set: the request's own host may be an
   * internal name behind a proxy, and calendar apps fetch the link from outside.
   */
  async function newLink(owner: AuthUser, requestOrigin: string): Promise<CalendarFeedLink> {
    const origin = deps.config.publicUrl ?? requestOrigin;
    const token = randomBytes(32).toString('base64url');
    const createdAt = await em().transactional(async (tx) => {
      // Two rotations at once queue here instead of meeting at the unique index.
      await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`calendar-feed:${owner.id}`]);
      await tx.execute('update calendar_feeds set revoked_at = now() where owner_id = ? and revoked_at is null', [
        owner.id,
      ]);
      const [row] = await tx.execute<{ createdAt: Date }[]>(
        'insert into calendar_feeds (owner_id, token_hash) values (?, ?) returning created_at as "createdAt"',
        [owner.id, hashOf(token)],
      );
      return new Date((row as { createdAt: Date }).createdAt).toISOString();
    });
    return { url: `${origin}/api/v1/calendar/feeds/${token}.ics`, createdAt };
  }

  async function revoke(owner: AuthUser): Promise<void> {
    await em().execute('update calendar_feeds set revoked_at = now() where owner_id = ? and revoked_at is null', [
      owner.id,
    ]);
  }

  /** The feed behind a link: the owner's salons' bookings from a month ago on, cancelled ones left out. */
  async function feed(token: string, address: string): Promise<string> {
    await deps.limiter.consume(rules.calendarFeedIp, `ip:${address}`, 'Too many calendar reads');
    const [link] = await em().execute<{ id: number; ownerId: number; stale: boolean }[]>(
      `select id, owner_id as "ownerId",
              coalesce(last_read_at < now() - make_interval(secs => ?), true) as stale
       from calendar_feeds where token_hash = ? and revoked_at is null`,
      [READ_MARK_SECONDS, hashOf(token)],
    );
    if (!link) throw new AppError(ErrorCode.NOT_FOUND, 'This calendar link does not exist or was replaced');
    if (link.stale) await em().execute('update calendar_feeds set last_read_at = now() where id = ?', [link.id]);
    const rows = await em().execute<(CalendarBooking & { salonTimezone: string })[]>(
      `select b.id, b.status, b.starts_at as "startsAt", b.ends_at as "endsAt", s.name as "salonName",
              concat_ws(', ', nullif(s.address, ''), s.city) as "salonAddress", s.timezone,
              coalesce(u.name, g.name) as "customerName", st.name as "staffName",
              coalesce((select json_agg(i.name order by i.position) from booking_items i where i.booking_id = b.id), '[]') as services,
              (select count(*)::int from booking_reschedules r where r.booking_id = b.id) as sequence
       from bookings b join salons s on s.id = b.salon_id join staff st on st.id = b.staff_id
       left join users u on u.id = b.customer_id left join guests g on g.id = b.guest_id
       where s.owner_id = ? and b.status <> 'CANCELLED' and b.starts_at >= ?
       order by b.starts_at, b.id limit ?`,
      [link.ownerId, new Date(deps.now().getTime() - FEED_PAST_DAYS * 86_400_000).toISOString(), FEED_MAX_EVENTS],
    );
    const salons = await em().execute<{ name: string; timezone: string }[]>(
      'select name, timezone from salons where owner_id = ? order by id',
      [link.ownerId],
    );
    const bookings = rows.map((r) => ({
      ...r,
      startsAt: new Date(r.startsAt).toISOString(),
      endsAt: new Date(r.endsAt).toISOString(),
    }));
    const name = `Glamify: ${salons.map((s) => s.name).join(', ') || 'bookings'}`;
    return feedCalendarFile(bookings, name, salons[0]?.timezone ?? 'UTC');
  }

  return { bookingFile, status, newLink, revoke, feed };
}
