/**
 * What the socket layer refuses before any handler runs: control
 * characters in payloads, floods (per account or address, across
 * reconnects), too many connections from one address, and sockets whose
 * token has expired.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeUser } from '../../../test/fixtures.ts';
import { ask, type Client, connect } from '../../../test/sockets.ts';

let t: TestApp;
let url: string;
const clients: Client[] = [];

async function client(token?: string): Promise<Client> {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

describe('socket payloads', () => {
  it('refuses control characters with VALIDATION_FAILED naming the field, before the database sees them', async () => {
    const u = await makeUser(t);
    const c = await client(u.token);
    for (const lockToken of ['\u0000', 'abc\u0000def', '\u001b[2J', 'x\u007f']) {
      for (const event of ['hold:heartbeat', 'hold:release']) {
        expect(await ask(c, event, { lockToken }), `${event} ${JSON.stringify(lockToken)}`).toEqual({
          ok: false,
          code: 'VALIDATION_FAILED',
          field: 'lockToken',
          detail: 'Field "lockToken" must not contain control characters',
        });
      }
    }
    // A well-formed token that names no hold is the handler's business, as before.
    expect(await ask(c, 'hold:heartbeat', { lockToken: 'no-such-hold' })).toMatchObject({ ok: false });
  });
});
