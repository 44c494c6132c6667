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
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';

const INDEX = '<!doctype html><title>app shell</title>';
const BUNDLE = `export const words = ${JSON.stringify('glamify '.repeat(500))};`;
let dir: string;
let t: TestApp;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glamify-client-'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app one.js'), 'console.log(1);');
  // A built asset with the compressed copies the build writes beside it.
  writeFileSync(join(dir, 'assets', 'main-abc123.js'), BUNDLE);
  writeFileSync(join(dir, 'assets', 'main-abc123.js.br'), brotliCompressSync(BUNDLE));
  writeFileSync(join(dir, 'assets', 'main-abc123.js.gz'), gzipSync(BUNDLE));
  writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(INDEX));
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

describe('compression and caching', () => {
  it('sends the precompressed copy the client accepts, brotli first', async () => {
    const br = await t.app.inject({
      url: '/assets/main-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(BUNDLE.length / 10);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE);

    const gz = await t.app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BUNDLE);

    const plain = await t.app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
  });

  it('caches hashed assets for a year and makes the service worker and the HTML revalidate', async () => {
    for (const enc of ['br', 'gzip', 'identity']) {
      const asset = await t.app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': enc } });
      expect(asset.headers['cache-control'], enc).toBe('public, max-age=31536000, immutable');
      const sw = await t.app.inject({ url: '/sw.js', headers: { 'accept-encoding': enc } });
      expect(sw.headers['cache-control'], enc).toBe('no-cache');
      for (const url of ['/', '/index.html', '/salons/3']) {
        const html = await t.app.inject({ url, headers: { 'accept-encoding': enc } });
        expect(html.headers['cache-control'], `${url} ${enc}`).toBe('no-cache');
        expect(html.headers['content-type'], url).toMatch(/text\/html/);
      }
    }
    // The page's policy is the document's: assets carry only what guards the file itself.
    const asset = await t.app.inject('/assets/main-abc123.js');
    expect(asset.headers['content-security-policy']).toBeUndefined();
    expect(asset.headers['x-frame-options']).toBeUndefined();
    expect(asset.headers.etag).toBeUndefined();
    // What is revalidated keeps its validator.
    expect((await t.app.inject('/sw.js')).headers.etag).toBeDefined();
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['cross-origin-resource-policy']).toBe('same-origin');
    for (const url of ['/', '/sw.js', '/salons/3']) {
      expect((await t.app.inject(url)).headers['content-security-policy'], url).toMatch(/script-src 'self'/);
    }
    const shell = await t.app.inject({ url: '/salons/3', headers: { 'accept-encoding': 'br' } });
    expect(shell.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(shell.rawPayload).toString()).toBe(INDEX);
  });

  it('compresses JSON answers above the threshold and leaves small ones alone', async () => {
    const docs = await t.app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'br' } });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-encoding']).toBe('br');
    const json = JSON.parse(brotliDecompressSync(docs.rawPayload).toString()) as { openapi: string };
    expect(json.openapi).toBe('3.1.0');
    expect(docs.rawPayload.length).toBeLessThan(Buffer.byteLength(JSON.stringify(json)) / 4);

    const gz = await t.app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');

    const small = await t.app.inject({ url: '/api/v1/salons', headers: { 'accept-encoding': 'br' } });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
