// Draws the app icons (a white door on the brand red, "một cửa" = one door) as PNGs
// using only Node, so no image tooling is needed. Run: npm run icons
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const RED = [164, 22, 26];
const WHITE = [255, 255, 255];
const OUT = new URL('../public/icons/', import.meta.url);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgb) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1); // first byte of each row: filter type 0
    rgb.copy(raw, row + 1, y * size * 3, (y + 1) * size * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Coverage of the door glyph at (x, y) in unit coordinates; `scale` shrinks it for maskable icons.
function isDoor(x, y, scale) {
  const cx = (x - 0.5) / scale;
  const cy = (y - 0.5) / scale;
  const inFrame = Math.abs(cx) <= 0.17 && cy >= -0.18 && cy <= 0.35;
  const inArch = cx * cx + (cy + 0.18) ** 2 <= 0.17 * 0.17;
  const knob = (cx - 0.09) ** 2 + (cy - 0.1) ** 2 <= 0.025 * 0.025;
  return (inFrame || inArch) && !knob;
}

function drawIcon(size, scale) {
  const samples = 4; // 4x4 supersampling for smooth edges
  const rgb = Buffer.alloc(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++)
          if (isDoor((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, scale)) hits++;
      const a = hits / (samples * samples);
      for (let i = 0; i < 3; i++) rgb[(py * size + px) * 3 + i] = Math.round(RED[i] * (1 - a) + WHITE[i] * a);
    }
  }
  return encodePng(size, rgb);
}

mkdirSync(OUT, { recursive: true });
const icons = [
  ['icon-192.png', 192, 1],
  ['icon-512.png', 512, 1],
  ['maskable-512.png', 512, 0.7], // glyph kept inside the maskable safe zone (inner 80% circle)
  ['apple-touch-icon.png', 180, 0.85],
];
for (const [name, size, scale] of icons) {
  writeFileSync(new URL(name, OUT), drawIcon(size, scale));
  console.log(`wrote public/icons/${name}`);
}
