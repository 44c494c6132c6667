/**
 * A local stand-in for a Web Push service (FCM, Mozilla's autopush, Apple's),
 * at the protocol level: HTTPS with a self-signed certificate on 127.0.0.1,
 * one endpoint per device, answering as a push service does (201 by default;
 * a device can be told to answer 410 Gone or 500). Devices are made here as
 * browsers make them (a P-256 key pair and a 16-byte auth secret), so a test
 * can decrypt what arrived (RFC 8291 aes128gcm, with node:crypto only) and
 * verify the VAPID signature (RFC 8292) against the server's public key.
 */
import { createDecipheriv, createECDH, createHmac, createPublicKey, type ECDH, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'fixtures');
const cert = readFileSync(join(dir, 'push-service.crt'));
const key = readFileSync(join(dir, 'push-service.key'));

export interface PushRequest {
  device: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** What the stand-in answered. */
  status: number;
}

export interface TestDevice {
  id: string;
  /** What `PushSubscription.toJSON()` gives in a browser. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The pushes this device received, decrypted, in arrival order. */
  received: () => unknown[];
  /** What the device answers from now on (201 accepts). */
  answer: (status: number) => void;
}

export interface TestPushService {
  origin: string;
  /** An agent that trusts the stand-in's certificate (the server's push requests use it). */
  agent: Agent;
  requests: PushRequest[];
  device: (id?: string) => TestDevice;
  close: () => Promise<void>;
}

/** HKDF-Expand's first block (all RFC 8291 needs: every output is at most 32 bytes). */
function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([info, Buffer.from([1])]))
    .digest()
    .subarray(0, length);
}

/** Decrypts one aes128gcm push body (RFC 8188 framing, RFC 8291 keys) for the device that owns `ecdh` and `auth`. */
export function decryptPush(body: Buffer, ecdh: ECDH, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (ciphertext.length > recordSize) throw new Error('more than one record');
  const secret = ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
  const ikm = hkdf(auth, secret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and any zero padding after it.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('bad padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/**
 * Checks the VAPID authorization of a push request: `vapid t=<JWT>, k=<key>`,
 * the key being `publicKey`, the JWT signed with it (ES256), for the push
 * service's origin, with a subject and an expiry within a day.
 */
export function verifyVapid(
  authorization: string | undefined,
  audience: string,
  publicKey: string,
): { sub: string; exp: number } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  if (k !== publicKey) throw new Error('signed with another key');
  const [head, claims, signature] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string };
  if (header.alg !== 'ES256') throw new Error(`alg ${header.alg}`);
  const raw = Buffer.from(k, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: raw.subarray(1, 33).toString('base64url'),
    y: raw.subarray(33, 65).toString('base64url'),
  };
  const ok = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  if (body.aud !== audience) throw new Error(`aud ${body.aud}, expected ${audience}`);
  const now = Date.now() / 1000;
  if (!(body.exp > now && body.exp <= now + 24 * 3600 + 60)) throw new Error(`exp ${body.exp}`);
  if (!/^(mailto:|https:)/.test(body.sub)) throw new Error(`sub ${body.sub}`);
  return { sub: body.sub, exp: body.exp };
}

export async function startPushService(): Promise<TestPushService> {
  const requests: PushRequest[] = [];
  const answers = new Map<string, number>();
  const devices = new Map<string, { ecdh: ECDH; auth: Buffer; received: unknown[] }>();
  let n = 0;
  const server: Server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const device = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const status = answers.get(device) ?? 201;
      const body = Buffer.concat(chunks);
      requests.push({ device, headers: req.headers, body, status });
      const d = devices.get(device);
      if (status === 201 && d) {
        try {
          d.received.push(JSON.parse(decryptPush(body, d.ecdh, d.auth)));
        } catch (err) {
          // Recorded, not thrown: the test's assertion on the message says what went wrong.
          d.received.push({ undecryptable: String(err) });
        }
      }
      res.writeHead(status, { location: `/message/${++n}` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    agent: new Agent({ ca: cert, keepAlive: false }),
    requests,
    device(id = randomBytes(6).toString('hex')) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const state = { ecdh, auth, received: [] as unknown[] };
      devices.set(id, state);
      return {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
        received: () => state.received,
        answer: (status) => answers.set(id, status),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
