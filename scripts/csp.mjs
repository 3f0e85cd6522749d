// Release builds: the Content-Security-Policy a self-hoster should send with the app, with the
// hash of Trunk's inline bootstrap script (it changes with every build). Writes dist/csp.txt and
// prints it. Usage: node scripts/csp.mjs dist [frame-ancestors sources]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.argv[2] || 'dist';
const ancestors = process.argv[3] || "'self'";
const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((code) => `'sha256-${crypto.createHash('sha256').update(code, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  // The Embed dialog previews the widget: the app itself, in a frame.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${ancestors}`,
].join('; ');
fs.writeFileSync(path.join(dir, 'csp.txt'), policy + '\n');
console.log(`Content-Security-Policy: ${policy}`);
