/**
 * Draws the app icons (a white "G" on the brand plum) as PNGs with nothing
 * but zlib, so the icons can be regenerated without an image toolchain:
 *   node client/scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const BRAND: [number, number, number] = [0x7a, 0x2e, 0x6e];
const INK: [number, number, number] = [0xff, 0xff, 0xff];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage of the glyph at a point in unit coordinates (0..1), 1 inside. */
function inGlyph(x: number, y: number, padding: number): boolean {
  const cx = 0.5;
  const cy = 0.5;
  const scale = 1 - 2 * padding;
  const dx = (x - cx) / scale;
  const dy = (y - cy) / scale;
  const r = Math.hypot(dx, dy);
  const outer = 0.3;
  const inner = 0.19;
  const angle = Math.atan2(-dy, dx); // 0 = right, counter-clockwise positive
  // The ring with an opening on the upper right, like a G.
  const ring = r <= outer && r >= inner && !(angle > 0.05 && angle < 0.85);
  // The G's bar: from the centre to the ring on the right.
  const bar = dx >= 0 && dx <= outer && dy >= -0.055 && dy <= 0.055;
  return ring || bar;
}

function icon(size: number, padding: number, rounded: boolean): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const ss = 4;
  const radius = rounded ? 0.22 : 0;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let glyph = 0;
      let bg = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size;
          const v = (y + (sy + 0.5) / ss) / size;
          // Rounded-square background (full bleed when not rounded, for maskable icons).
          const qx = Math.max(Math.abs(u - 0.5) - (0.5 - radius), 0);
          const qy = Math.max(Math.abs(v - 0.5) - (0.5 - radius), 0);
          if (Math.hypot(qx, qy) <= radius || radius === 0) {
            bg++;
            if (inGlyph(u, v, padding)) glyph++;
          }
        }
      }
      const n = ss * ss;
      const a = bg / n;
      const g = glyph / Math.max(bg, 1);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      for (let c = 0; c < 3; c++) {
        raw[o + c] = Math.round((BRAND[c] as number) * (1 - g) + (INK[c] as number) * g);
      }
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = resolve(import.meta.dirname, '../public/icons');
writeFileSync(`${out}/icon-192.png`, icon(192, 0.08, true));
writeFileSync(`${out}/icon-512.png`, icon(512, 0.08, true));
// Maskable icons keep the glyph inside the 80 % safe zone and fill the square.
writeFileSync(`${out}/maskable-512.png`, icon(512, 0.2, false));
writeFileSync(`${out}/apple-touch-icon.png`, icon(180, 0.12, false));
console.log(`icons written to ${out}`);
