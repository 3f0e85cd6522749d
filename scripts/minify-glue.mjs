// Release builds: minify wasm-bindgen's JavaScript glue of the app and of the usage import
// module (Trunk leaves it as generated) and update the integrity hashes index.html gives for it.
// Usage: node scripts/minify-glue.mjs dist
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.argv[2] || 'dist';
const index = path.join(dir, 'index.html');
let html = fs.readFileSync(index, 'utf8');
for (const file of fs.readdirSync(dir)) {
  if (!/^loopcost-(web-[0-9a-f]+|usage)\.js$/.test(file)) continue;
  const full = path.join(dir, file);
  const before = fs.readFileSync(full, 'utf8');
  const { code } = transformSync(before, { minify: true, format: 'esm', target: 'es2020' });
  fs.writeFileSync(full, code);
  const digest = 'sha384-' + crypto.createHash('sha384').update(code).digest('base64');
  // Every tag that names this file gets the new hash (Trunk's minified HTML may leave the
  // attribute unquoted).
  const name = file.replace(/\./g, '\\.');
  html = html.replace(new RegExp(`<[^>]*${name}[^>]*>`, 'g'), (tag) =>
    tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity="${digest}"`));
  console.log(`minified ${file}: ${before.length} → ${code.length} bytes`);
}
fs.writeFileSync(index, html);
