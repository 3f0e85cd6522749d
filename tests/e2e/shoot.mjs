// Screenshots of the built site for people to look at: node tests/e2e/shoot.mjs [out-dir]
// Writes <width>-<scheme>.png for 1280 and 375 px wide, light and dark.
import path from 'node:path';
import fs from 'node:fs';
import { serve, launch, newPage, DIST } from './harness.mjs';

const out = process.argv[2] || path.join(DIST, '..', 'tests/e2e/artifacts');
const query = process.argv[3] || '';
fs.mkdirSync(out, { recursive: true });
const server = await serve(DIST);
const browser = await launch();
try {
  for (const [width, height] of [[1280, 900], [375, 812]]) {
    for (const scheme of ['light', 'dark']) {
      const page = await newPage(browser, { width, height, colorScheme: scheme });
      await page.goto(server.url + '/' + query);
      await page.locator('[data-metric="cost_per_run"]').waitFor();
      // Off-screen sections render lazily (content-visibility); a full-page picture wants them all.
      await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
      await page.waitForTimeout(300);
      const file = path.join(out, `${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      if (page.errors.length) console.error(page.errors);
      console.log(file);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
