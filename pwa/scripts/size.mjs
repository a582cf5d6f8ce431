// First-load JS budget: gzip size of the scripts index.html loads before anything else —
// the module entry, its modulepreload links and their static imports. Lazy chunks
// (dynamic import()) and the service worker are excluded on purpose.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, posix } from 'node:path';

const BUDGET_KB = 50;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const attr = (tag, name) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(tag)?.[1];
const entries = [];
for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
  if (attr(tag, 'type') === 'module' && attr(tag, 'src')) entries.push(attr(tag, 'src'));
}
for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
  if (attr(tag, 'rel') === 'modulepreload' && attr(tag, 'href')) entries.push(attr(tag, 'href'));
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

let total = 0;
for (const file of [...seen].sort()) {
  const bytes = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += bytes;
  console.log(`  ${file}: ${(bytes / 1024).toFixed(1)} KB gzip`);
}
const kb = total / 1024;
console.log(`first-load JS: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`first-load JS is over budget by ${(kb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
