// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits. Ids the phone picks
// (dossiers, pages) sort by creation time like the server's own.

let lastMs = -1;
let lastRand: Uint8Array = new Uint8Array(10);

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** Monotonic within one millisecond: the random tail is incremented instead of redrawn. */
export function uuidv7(now: number = Date.now()): string {
  let rand: Uint8Array;
  if (now <= lastMs) {
    now = lastMs;
    rand = lastRand.slice();
    for (let i = rand.length - 1; i >= 0; i--) {
      rand[i] = (rand[i] + 1) & 0xff;
      if (rand[i] !== 0) break;
    }
  } else {
    rand = randomBytes(10);
  }
  lastMs = now;
  lastRand = rand;
  const bytes = new Uint8Array(16);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(rand, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
