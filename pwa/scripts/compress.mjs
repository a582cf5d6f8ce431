// Precompresses the built text files once, at build time, at the highest settings: `x.js` gets `x.js.br`
// (brotli 11) and `x.js.gz` (gzip 9) beside it, and the API sends whichever the browser accepts
// (backend/compression.py). A variant that would not be smaller is not written.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
const dist = new URL('../dist/', import.meta.url).pathname;

function* files(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

let before = 0;
let after = 0;
for (const path of files(dist)) {
  const raw = readFileSync(path);
  const variants = {
    br: brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz: gzipSync(raw, { level: 9 }),
  };
  for (const [suffix, bytes] of Object.entries(variants)) {
    if (bytes.length < raw.length) writeFileSync(`${path}.${suffix}`, bytes);
  }
  before += raw.length;
  after += Math.min(raw.length, variants.br.length);
}
console.log(`precompressed: ${(before / 1024).toFixed(1)} KB of text → ${(after / 1024).toFixed(1)} KB brotli`);
