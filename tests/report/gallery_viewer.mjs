// Opens a gallery page from disk in the system Chromium (playwright-core, the runner's launch
// flags), uses its filters, opens the first 3D viewer, turns it, and reports what happened.
//
//   node gallery_viewer.mjs INDEX_HTML OUT_DIR
//
// Writes OUT_DIR/viewer.png and OUT_DIR/turned.png (the pixels of the viewer's canvas before and
// after a drag)
// and prints one JSON line: console errors, card counts under the filters, the viewer's state.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../code3dbench/sandbox/runner/lib/browser.mjs';

const [page_, outDir] = process.argv.slice(2);
const browser = await launchChromium({ memoryMb: 1024 });
const saveCanvas = async (canvas, name) => {
  const url = await canvas.evaluate((c) => c.toDataURL('image/png'));
  fs.writeFileSync(path.join(outDir, name), Buffer.from(url.split(',')[1], 'base64'));
};
const report = { errors: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') report.errors.push(msg.text()); });
  page.on('pageerror', (err) => report.errors.push(String(err && err.message)));
  await page.goto(pathToFileURL(path.resolve(page_)).href, { waitUntil: 'load' });
  const visible = () => page.$$eval('.card', (cards) => cards.filter((c) => !c.hidden).length);
  report.cards = await visible();
  report.viewers = await page.$$eval('details.viewer', (d) => d.length);
  report.scriptsBeforeOpen = await page.$$eval('script[src]', (s) => s.map((e) => e.getAttribute('src')));
  await page.selectOption('#f-category', 'food');
  report.foodCards = await visible();
  report.shownText = await page.textContent('#shown');
  await page.selectOption('#f-category', '');
  const viewer = page.locator('details.viewer').first();
  report.objects = JSON.parse(await viewer.getAttribute('data-objects'));
  await viewer.locator('summary').click();
  await page.waitForFunction(() => {
    const state = document.querySelector('details.viewer').dataset.state;
    return state === 'drawn' || state === 'failed';
  }, null, { timeout: 90_000 });
  report.state = await viewer.getAttribute('data-state');
  report.scriptsAfterOpen = await page.$$eval('script[src]', (s) => s.map((e) => e.getAttribute('src')));
  if (report.state === 'drawn') {
    const canvas = viewer.locator('canvas');
    report.canvas = await canvas.boundingBox();
    await saveCanvas(canvas, 'viewer.png');
    const box = report.canvas;
    await page.mouse.move(box.x + 130, box.y + 130);
    await page.mouse.down();
    await page.mouse.move(box.x + 230, box.y + 150, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(200);
    await saveCanvas(canvas, 'turned.png');
    await viewer.locator('summary').click(); // closing frees the WebGL context
    await page.waitForFunction(() => !document.querySelector('details.viewer canvas'), null, { timeout: 10_000 })
      .catch(() => {});
    report.canvasesAfterClose = await viewer.locator('canvas').count();
  }
  report.stripImages = await viewer.locator('figure img').count();
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
