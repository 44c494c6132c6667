/**
 * What each day of a run has for a service (GET /availability/days), with
 * the chosen day's count following the live list of times: the day picker's
 * "35 times" must not stay when the list below shows 32 because others are
 * checking out. The other days are as fetched.
 */
import type { DayList, DaySummary } from '@glamify/shared';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { type Resource, useResource } from './use-resource';

export interface DaySummaries {
  /** The fetched run, for choosing the day to open on (not moved by the live count). */
  run: Resource<DayList | undefined>;
  /** Each day's state, once known. */
  summaries: ReadonlyMap<string, DaySummary> | undefined;
  /** For the time picker's `onFreeCount`. */
  onFreeCount: (date: string, count: number) => void;
}

export function useDaySummaries(
  q: { salonId: number; serviceId: number | undefined; staffId?: number | undefined; from: string; days: number },
  enabled = true,
): DaySummaries {
  const { salonId, serviceId, staffId, from, days } = q;
  const run = useResource(
    (signal) =>
      enabled && serviceId !== undefined
        ? api.days({ salonId, serviceId, from, days, ...(staffId ? { staffId } : {}) }, signal)
        : Promise.resolve(undefined),
    [salonId, serviceId, staffId, from, days, enabled],
  );
  const [live, setLive] = useState<{ date: string; count: number } | null>(null);
  const summaries = useMemo(() => {
    if (!run.data) return undefined;
    const map = new Map(run.data.days.map((d): [string, DaySummary] => [d.date, d]));
    const day = live && map.get(live.date);
    if (live && day) map.set(live.date, withLiveCount(day, live.count));
    return map;
  }, [run.data, live]);
  const fetched = useRef(run.data);
  fetched.current = run.data;
  const onFreeCount = useCallback(
    (date: string, count: number) =>
      setLive((was) => {
        if (was?.date === date && was.count === count) return was;
        // The list agrees with what was fetched (so on every first load): nothing to correct, and no
        // render of the whole page while it is still settling on a slow phone.
        if (was?.date !== date && fetched.current?.days.find((d) => d.date === date)?.freeStarts === count) return was;
        return { date, count };
      }),
    [],
  );
  return { run, summaries, onFreeCount };
}

/** A day's summary with the live count of free times: a day that fills up says Full, one that frees says so. */
export function withLiveCount(day: DaySummary, count: number): DaySummary {
  if (day.status === 'closed') return day;
  if (count > 0) return { ...day, status: 'free', freeStarts: count };
  return { ...day, status: day.status === 'free' ? 'full' : day.status, freeStarts: 0 };
}
