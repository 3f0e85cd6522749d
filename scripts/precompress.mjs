// `make dist`: writes a Brotli (quality 11) and a gzip (level 9) copy beside each text and wasm
// file of the build, for servers that send precompressed files (nginx `brotli_static` /
// `gzip_static`, Caddy `file_server { precompressed br gzip }`, most CDNs' static hosting), and
// prints what a browser then downloads to open the app (wasm + js + css, counted as bundle.mjs
// counts it).
//
//     node scripts/precompress.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { counted, onDemand, kib } from './bundle.mjs';

const dir = process.argv[2] ?? 'dist';
const kinds = ['.wasm', '.js', '.css', '.html', '.md', '.svg'];
const total = { raw: 0, br: 0, gz: 0 };
const later = { raw: 0, br: 0, gz: 0 };
for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile() || !kinds.includes(path.extname(name))) continue;
  const bytes = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [zlib.constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: 9 });
  if (!zlib.brotliDecompressSync(br).equals(bytes) || !zlib.gunzipSync(gz).equals(bytes)) {
    console.error(`precompress: ${name} does not decompress to itself`);
    process.exit(1);
  }
  fs.writeFileSync(file + '.br', br);
  fs.writeFileSync(file + '.gz', gz);
  if (counted(name)) {
    const t = onDemand(name) ? later : total;
    t.raw += bytes.length; t.br += br.length; t.gz += gz.length;
  }
}
console.log(`precompressed: the download that opens the app (wasm + js + css) is ${kib(total.br)} KiB with Brotli, ${kib(total.gz)} KiB with gzip (${kib(total.raw)} KiB raw); on demand ${kib(later.br)} KiB with Brotli; .br and .gz copies are beside each file`);
