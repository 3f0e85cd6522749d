// Release builds: gives the modules the page loads on demand names that change with their
// content, as Trunk does for the app's own files (it leaves a `data-type="worker"` build and a
// copied file unhashed), so that a browser never mixes a cached old module with a new page.
// The usage import module (loopcost-usage.js, its wasm) and its loader (usage-loader.js) are
// renamed after a hash of the three, the loader is pointed at the new names, and index.html names
// the loader in <meta name="loopcost-usage-loader"> (src/ui/usage_slot.rs reads it; without it,
// as under `trunk serve`, the page loads usage-loader.js).
//
//     node scripts/hash-modules.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.argv[2] || 'dist';
const at = (name) => path.join(dir, name);
const [js, wasm, loader] = ['loopcost-usage.js', 'loopcost-usage_bg.wasm', 'usage-loader.js'];
const hash = crypto.createHash('sha256');
for (const f of [js, wasm, loader]) hash.update(fs.readFileSync(at(f)));
const h = hash.digest('hex').slice(0, 16);
const names = { [js]: `loopcost-usage-${h}.js`, [wasm]: `loopcost-usage-${h}_bg.wasm`, [loader]: `usage-loader-${h}.js` };

let code = fs.readFileSync(at(loader), 'utf8');
for (const f of [js, wasm]) {
  if (!code.includes(f)) throw new Error(`hash-modules: ${loader} does not name ${f}`);
  code = code.split(f).join(names[f]);
}
fs.writeFileSync(at(names[loader]), code);
fs.rmSync(at(loader));
fs.renameSync(at(js), at(names[js]));
fs.renameSync(at(wasm), at(names[wasm]));

const index = at('index.html');
const html = fs.readFileSync(index, 'utf8');
if (!html.includes('</head>')) throw new Error('hash-modules: index.html has no </head>');
fs.writeFileSync(index, html.replace('</head>', `<meta name="loopcost-usage-loader" content="${names[loader]}"></head>`));
console.log(`hashed the usage import module: ${Object.values(names).join(', ')}`);
