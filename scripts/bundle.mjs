// What a browser downloads of a build, in one place: which files open the app and which the
// page loads only on demand (the usage import module and its loader, fetched when "Import usage"
// is first opened: src/ui/usage_slot.rs). make dist prints it; make bench checks the budget on it;
// precompress.mjs counts its Brotli figure the same way.
//
//     node scripts/bundle.mjs DIR      prints each file, raw and gzipped -9, and the two totals
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Whether a file is part of the download: wasm, JavaScript or CSS (embed.js is left out: only
 * pages that embed the widget load it). */
export function counted(name) {
  return /\.(wasm|js|css)$/.test(name) && name !== 'embed.js';
}

/** Whether the page loads a file only on demand (the names scripts/hash-modules.mjs gives them). */
export function onDemand(name) {
  return /^(loopcost-usage|usage-loader)[-_.]/.test(name);
}

/** Each counted file of `dir` with its raw and gzipped (-9) size, and the totals to open the app
 * and on demand, in bytes. */
export function measure(dir) {
  const files = fs.readdirSync(dir).filter(counted).sort().map((name) => {
    const bytes = fs.readFileSync(path.join(dir, name));
    return { name, raw: bytes.length, gz: zlib.gzipSync(bytes, { level: 9 }).length, later: onDemand(name) };
  });
  const sum = (later, k) => files.filter((f) => f.later === later).reduce((a, f) => a + f[k], 0);
  return { files, open: { raw: sum(false, 'raw'), gz: sum(false, 'gz') }, later: { raw: sum(true, 'raw'), gz: sum(true, 'gz') } };
}

export const kib = (n) => (n / 1024).toFixed(1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measure(process.argv[2] || 'dist');
  for (const f of m.files) {
    console.log(`  ${f.name.padEnd(44)} ${kib(f.raw).padStart(8)} KiB ${kib(f.gz).padStart(8)} KiB gzipped${f.later ? '  on demand' : ''}`);
  }
  console.log(`to open the app (wasm + js + css): ${kib(m.open.raw)} KiB, ${kib(m.open.gz)} KiB gzipped (budget: 200 KiB gzipped)`);
  console.log(`on demand (Import usage, when first opened): ${kib(m.later.raw)} KiB, ${kib(m.later.gz)} KiB gzipped`);
}
