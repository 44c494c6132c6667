/**
 * Watching a salon-day: join the room first, then read the snapshot, so no
 * change can fall between the two (see shared/schedule-view.ts for the
 * client half of that promise).
 */
import { isIsoDate, type Slot, type SlotDelta, scheduleRoom } from '@glamify/shared';
import { invalid } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { rawJson } from './raw-json.ts';
import { type AppSocket, type Command, type GuardOptions, openCommand } from './socket-guard.ts';

/** A socket may watch a handful of days at once (a week view), not the whole catalog. */
const MAX_ROOMS = 8;

export interface Presence {
  touched(room: string): void;
  total(room: string): number;
}

/** The schedule commands, made once per server; `onDisconnect` is each socket's leaving. */
export function scheduleCommands(deps: {
  availability: AvailabilityService;
  presence: Presence;
  guard: GuardOptions;
  now: () => Date;
}): { commands: Command[]; onDisconnect: (this: AppSocket) => void } {
  const opts = deps.guard;
  const commands = [
    openCommand('schedule:join', opts, async (p, _user, socket) => {
      const data = socket.data;
      if (!isIsoDate(p.date)) throw invalid('date', 'date must be YYYY-MM-DD');
      const room = scheduleRoom(p.salonId, p.date);
      if (!data.rooms.has(room) && data.rooms.size >= MAX_ROOMS) {
        throw invalid('salonId', `Watch at most ${MAX_ROOMS} days at once`);
      }
      await socket.join(room);
      data.rooms.add(room);
      try {
        // Serialised once per day version and shared by every socket that joins (see raw-json.ts).
        const snap = await deps.availability.joinDay(p);
        deps.presence.touched(room);
        const watching = deps.presence.total(room);
        return 'deltaJson' in snap
          ? { version: snap.version, watching, delta: rawJson<SlotDelta>(snap.deltaJson) }
          : { version: snap.version, watching, slots: rawJson<Slot[]>(snap.slotsJson) };
      } catch (err) {
        await socket.leave(room);
        data.rooms.delete(room);
        throw err;
      }
    }),

    openCommand('schedule:leave', opts, async (p, _user, socket) => {
      const room = scheduleRoom(p.salonId, p.date);
      await socket.leave(room);
      if (socket.data.rooms.delete(room)) deps.presence.touched(room);
      return {};
    }),

    // Answered at once, touching nothing: screens use it as a heartbeat (a missing
    // answer means a dead connection, long before the transport's own ping notices)
    // and to draw "now" by the server's clock.
    openCommand('time:sync', opts, async () => ({ now: deps.now().toISOString() })),
  ];
  function onDisconnect(this: AppSocket): void {
    for (const room of this.data.rooms) deps.presence.touched(room);
  }
  return { commands, onDisconnect };
}
