/**
 * The web-app fallback: app routes get index.html, files are served by their
 * decoded, normalised path, and anything else that looks like a file is a
 * 404, never the app in disguise and never a file outside the build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';

const INDEX = '<!doctype html><title>app shell</title>';
let dir: string;
let t: TestApp;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glamify-client-'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app one.js'), 'console.log(1);');
  // A file beside the build that must never be reachable.
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}-secret.txt`), 'top secret');
  t = await createTestApp({ clientDir: dir });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-secret.txt`, { force: true });
});

/** A request written by hand, so no client tidies the path first. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => {
      data += d.toString();
    });
    sock.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    sock.on('error', reject);
    sock.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  });
}

describe('the web-app fallback', () => {
  it('answers app routes with index.html', async () => {
    for (const url of ['/', '/salons/3', '/kiosk/12', '/login?next=%2Fbookings', '/no/such/page']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
    }
  });

  it('answers 404 for files that are not in the build', async () => {
    for (const url of ['/robots.txt', '/foo.js', '/assets/old-1234.js', '/favicon.ico', '/.env', '/.git/config']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('app shell');
    }
  });

  it('serves files by their decoded path', async () => {
    const res = await t.app.inject('/assets/app%20one.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1);');
    const sw = await t.app.inject('/%73w.js');
    expect(sw.statusCode).toBe(200);
    expect(sw.body).toContain('addEventListener');
  });

  it('never reaches outside the build, however the path is written', async () => {
    const secret = `${dir.split('/').pop()}-secret.txt`;
    for (const path of [
      `/../${secret}`,
      `/assets/../../${secret}`,
      `/%2e%2e/${secret}`,
      `/..%2f${secret}`,
      `/assets/..%2F..%2F${secret}`,
      `/..%5c${secret}`,
    ]) {
      const res = await rawGet(path);
      expect(res.body, path).not.toContain('top secret');
      expect([400, 403, 404], path).toContain(res.status);
    }
  });

  it('leaves API and Socket.IO paths to their own handlers', async () => {
    const res = await t.app.inject('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await t.app.inject('/api/%2e%2e/api/v1/nope')).statusCode).toBe(404);
  });
});
