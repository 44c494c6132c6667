/**
 * Authentication is attached one way: every route the OpenAPI document marks
 * as bearer-secured answers 401 without a valid token, before its params,
 * query or body are looked at; role-restricted routes answer 403 before 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { auth, makeUser } from '../../test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  security?: unknown[];
}

async function securedRoutes(): Promise<Array<{ method: string; url: string }>> {
  const doc = (await t.app.inject('/api/docs/json')).json() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => (op.security?.length ?? 0) > 0)
      // Every path parameter malformed, so a route that validated first would answer 400.
      .map(([method]) => ({ method: method.toUpperCase(), url: `${path.replace(/\{[^}]+\}/g, 'not-an-id')}?bogus=1` })),
  );
}

describe('one way to authenticate', () => {
  it('every secured route answers 401 before 400, with no token or a bad one', async () => {
    const routes = await securedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const { method, url } of routes) {
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }]) {
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers,
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { bogus: '\u0000'.repeat(3) } }),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json(), `${method} ${url}`).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    }
  });

  it('role-restricted routes answer 403 to other roles before looking at the body', async () => {
    const customer = await makeUser(t);
    for (const url of [
      '/api/v1/admin/owners',
      '/api/v1/availability/slots/1/book',
      '/api/v1/availability/cleanup-locks',
    ]) {
      const res = await t.app.inject({ method: 'POST', url, headers: auth(customer.token), payload: { bogus: 1 } });
      expect(res.statusCode, url).toBe(403);
    }
  });
});
