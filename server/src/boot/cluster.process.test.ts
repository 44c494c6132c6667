import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../../test/process.ts';
import { ask, type Client, connect, next } from '../../test/sockets.ts';

let dir: string;
let server: ServerProcess | undefined;
const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  if (server?.proc.exitCode === null) await server.stop('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** pids of the workers that said they listen, in the order they did. */
const listeners = (out: string) =>
  [...out.matchAll(/"pid":(\d+)[^\n]*"msg":"Server listening at/g)].map((m) => Number(m[1]));

/** A request on a connection of its own (no keep-alive), so the workers take turns answering. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  expect(res.ok, `${url}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

describe('WORKERS=2: two workers on one port', { timeout: 240_000 }, () => {
  it('serve from both, share events through the bus, replace a dead worker and stop cleanly on Ctrl-C', async () => {
    dir = await mkdtemp(join(tmpdir(), 'glamify-cluster-'));
    await chmod(dir, 0o755);
    server = await spawnServer({ DATA_DIR: dir, WORKERS: '2' }, { ownGroup: true });
    const out = server.output;
    await expect.poll(() => listeners(out()).length, { timeout: 90_000 }).toBe(2);
    // The primary says so once the last worker's listening reached it, a moment after that worker's own line.
    await expect.poll(() => out(), { timeout: 30_000 }).toContain('"msg":"all workers are listening"');
    const workers = listeners(out());
    expect(new Set(workers).size).toBe(2);
    // The slot horizon is rolled once per start, by the lead worker only.
    expect(out().match(/"msg":"slots up to date"/g)).toHaveLength(1);

    for (let i = 0; i < 6; i++) expect(await freshGet(`${server.url}/health`)).toBe(200);

    // Watchers spread over both workers (connections are dealt out in turn); one booking reaches all.
    const salons = await json<{ items: { id: number; name: string; timezone: string }[] }>(
      `${server.url}/api/v1/salons?q=Kiez`,
    );
    const salon = salons.items[0] as { id: number; timezone: string };
    const detail = await json<{ services: { id: number }[] }>(`${server.url}/api/v1/salons/${salon.id}`);
    const serviceId = (detail.services[0] as { id: number }).id;
    let day = addDays(localDate(new Date(), salon.timezone), 2);
    let slot: { id: number } | undefined;
    for (let i = 0; i < 7 && !slot; i++, day = addDays(day, 1)) {
      const list = await json<{ slots: { id: number; status: string }[] }>(
        `${server.url}/api/v1/availability/slots?salonId=${salon.id}&date=${day}&serviceId=${serviceId}`,
      );
      slot = list.slots.find((s) => s.status === 'available');
      if (slot) break;
    }
    expect(slot).toBeDefined();
    const watchers = await Promise.all(Array.from({ length: 4 }, () => connect(server?.url as string)));
    clients.push(...watchers);
    for (const w of watchers)
      expect((await ask<{ ok: boolean }>(w, 'schedule:join', { salonId: salon.id, date: day })).ok).toBe(true);
    const booked = watchers.map((w) =>
      next<{ slotIds: number[] }>(w, 'slot:booked', (p) => p.slotIds.includes((slot as { id: number }).id)),
    );
    const { token } = await json<{ token: string }>(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@example.com', password: 'glamify-demo' }),
    });
    const res = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: slot?.id, serviceId }),
    });
    expect(res.status).toBe(201);
    expect(await Promise.all(booked)).toHaveLength(4);

    // A worker killed outright is replaced, and the port keeps answering meanwhile.
    process.kill(workers[1] as number, 'SIGKILL');
    await expect.poll(() => listeners(out()).length, { timeout: 90_000 }).toBe(3);
    expect(out()).toContain('"msg":"a worker died; starting another"');
    for (let i = 0; i < 4; i++) expect(await freshGet(`${server.url}/health`)).toBe(200);

    // Ctrl-C in a terminal: every process of the group gets SIGINT.
    const before = out().length;
    expect(await server.interrupt()).toBe(0);
    const errors = out()
      .slice(before)
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l) || /terminating connection/.test(l));
    expect(errors).toEqual([]);
    expect(out().match(/"msg":"stopped"/g)?.length).toBe(3);
  });
});
