#!/usr/bin/env node
// Draws build/icon.png (1024x1024): a keyhole on a rounded blue square. No dependencies:
// raw RGBA rows, deflated with zlib, wrapped in PNG chunks. electron-builder derives the
// .icns / .ico / Linux sizes from it. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 1024;
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

// Coverage of a pixel by a shape, 4x4 supersampled for smooth edges.
function coverage(x, y, inside) {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) n++;
  return n / 16;
}
const margin = 64;
const radius = 180;
const roundedSquare = (x, y) => {
  const lo = margin;
  const hi = S - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
const keyhole = (x, y) => {
  const cx = S / 2;
  if ((x - cx) ** 2 + (y - 400) ** 2 <= 130 ** 2) return true;
  // a trapezoid below the circle
  if (y < 430 || y > 760) return false;
  const half = 55 + ((y - 430) / 330) * 55;
  return Math.abs(x - cx) <= half;
};

const rows = [];
for (let y = 0; y < S; y++) {
  const row = Buffer.alloc(1 + S * 4);
  for (let x = 0; x < S; x++) {
    const bg = coverage(x, y, roundedSquare);
    const hole = coverage(x, y, keyhole);
    // blue #1f5f99 with a slight vertical gradient; keyhole white
    const shade = 1 - (y / S) * 0.25;
    const r = Math.round(31 * shade * (1 - hole) + 255 * hole);
    const g = Math.round(95 * shade * (1 - hole) + 255 * hole);
    const b = Math.round(153 * shade * (1 - hole) + 255 * hole);
    row.set([r, g, b, Math.round(255 * bg)], 1 + x * 4);
  }
  rows.push(row);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../build/icon.png', import.meta.url), png);
console.log(`build/icon.png: ${S}x${S}, ${png.length} bytes`);
