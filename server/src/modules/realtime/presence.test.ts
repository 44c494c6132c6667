import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPresence } from './presence.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function room(size: number) {
  const sent: number[] = [];
  let count = size;
  const presence = createPresence({
    instanceId: 'a',
    localCount: () => count,
    localRooms: () => ['salon:1:2030-03-05'],
    emit: (_room, watching) => sent.push(watching),
  });
  return {
    sent,
    presence,
    join: () => {
      count++;
      presence.touched('salon:1:2030-03-05');
    },
  };
}

describe('presence counts', () => {
  it('tell a small room within a tick', () => {
    const r = room(2);
    r.join();
    vi.advanceTimersByTime(25);
    expect(r.sent).toEqual([3]);
    r.presence.close();
  });

  it('tell a busy room less often while sockets pour in, and always end with the last count', () => {
    const r = room(1000);
    // 1,000 more sockets join over one second (a reconnect storm).
    for (let i = 0; i < 1000; i++) {
      r.join();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(3000);
    // Each count goes to every socket in the room: a handful of sends, not one per 25 ms tick.
    expect(r.sent.length).toBeGreaterThanOrEqual(1);
    expect(r.sent.length).toBeLessThanOrEqual(3);
    expect(r.sent.at(-1)).toBe(2000);
    r.presence.close();
  });
});
