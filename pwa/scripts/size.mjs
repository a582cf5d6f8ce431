// First-load budget: bytes on the wire of the scripts index.html loads before anything else —
// the module entry, its modulepreload links and their static imports — as the API sends them to a
// browser accepting `br, gzip`: the precompressed files scripts/compress.mjs wrote beside each one.
// Lazy chunks (dynamic import()) and the service worker are excluded on purpose. Stylesheets are listed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const BUDGET_KB = 20;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const attr = (tag, name) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(tag)?.[1];
const entries = [];
for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
  if (attr(tag, 'type') === 'module' && attr(tag, 'src')) entries.push(attr(tag, 'src'));
}
const stylesheets = [];
for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
  if (attr(tag, 'rel') === 'modulepreload' && attr(tag, 'href')) entries.push(attr(tag, 'href'));
  if (attr(tag, 'rel') === 'stylesheet' && attr(tag, 'href')) stylesheets.push(attr(tag, 'href').replace(/^\//, ''));
}
if (entries.length === 0) {
  console.error('size: no module script found in dist/index.html');
  process.exit(1);
}

// Static `import … from "x"`, `import "x"` and `export … from "x"`; `import("x")` is not matched.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+)["']/g;
const seen = new Set();
const queue = entries.map((src) => posix.normalize(src.replace(/^\//, '')));
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of code.matchAll(STATIC_IMPORT)) {
    if (spec.startsWith('.')) queue.push(posix.normalize(posix.join(dirname(file), spec)));
    else if (spec.startsWith('/')) queue.push(posix.normalize(spec.slice(1)));
  }
}

/** Bytes sent for `file` with the given precompressed suffix (the raw file when there is none). */
const sent = (file, suffix) => {
  const variant = join(dist, `${file}.${suffix}`);
  return statSync(existsSync(variant) ? variant : join(dist, file)).size;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function report(label, files) {
  const totals = { raw: 0, br: 0, gz: 0 };
  for (const file of [...files].sort()) {
    const sizes = { raw: statSync(join(dist, file)).size, br: sent(file, 'br'), gz: sent(file, 'gz') };
    for (const key of Object.keys(totals)) totals[key] += sizes[key];
    console.log(`  ${file}: ${kb(sizes.br)} br, ${kb(sizes.gz)} gzip, ${kb(sizes.raw)} raw`);
  }
  console.log(`first-load ${label}: ${kb(totals.br)} br, ${kb(totals.gz)} gzip, ${kb(totals.raw)} raw`);
  return totals;
}

const js = report('JS', seen);
report('CSS', stylesheets);
console.log(`first-load JS on the wire (br): ${kb(js.br)} (budget ${BUDGET_KB} KB)`);
if (js.br / 1024 > BUDGET_KB) {
  console.error(`first-load JS is over budget by ${(js.br / 1024 - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
