// Browser pages: a pool of fresh execution pages (one per program, prepared ahead) and one
// trusted render page that never runs program code.
import { pageUrl, serveScaffold } from './scaffold_server.mjs';
import { InfrastructureError } from './browser.mjs';
import { installEnvironment } from './environment.mjs';

const SCAFFOLD_TIMEOUT_MS = 30_000;

// Console output of one program, bounded in entries and bytes.
export class ConsoleRecord {
  constructor(maxEntries, maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.entries = [];
    this.bytes = 0;
    this.dropped = 0;
  }

  add(type, text) {
    const room = this.maxBytes - this.bytes;
    if (this.entries.length >= this.maxEntries || room <= 0) {
      this.dropped++;
      return;
    }
    const kept = text.length > room ? `${text.slice(0, room)}… [truncated]` : text;
    this.entries.push({ type, text: kept });
    this.bytes += Math.min(text.length, room);
    if (text.length > room) this.dropped++;
  }
}

// Opens a fresh context and page with the execution scaffold loaded; returns the page and a
// CDP handle on the private extractor (the global is then deleted).
export async function openExecutionPage(browser, limits) {
  const context = await browser.newContext({ viewport: { width: 256, height: 256 }, serviceWorkers: 'block' });
  const record = new ConsoleRecord(limits.consoleEntries, limits.consoleBytes);
  const blocked = [];
  try {
    await serveScaffold(context, (url) => { if (blocked.length < 20) blocked.push(url.slice(0, 200)); });
    const page = await context.newPage();
    page.on('dialog', (dialog) => dialog.dismiss().catch(() => {}));
    page.on('console', (msg) => record.add(msg.type(), msg.text()));
    page.on('pageerror', (err) => record.add('pageerror', String(err && err.message)));
    await page.goto(`${pageUrl('exec.html')}?console=${limits.consoleEntries}&bytes=${limits.consoleBytes}`,
      { waitUntil: 'load', timeout: SCAFFOLD_TIMEOUT_MS });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Runtime.enable');
    const handle = await cdp.send('Runtime.evaluate', { expression: 'window.__c3dExtractor' });
    const guard = await cdp.send('Runtime.evaluate', { expression: 'window.__c3dConsole' });
    if (!handle.result || !handle.result.objectId || !guard.result || !guard.result.objectId) {
      throw new InfrastructureError('the execution scaffold did not load (three.js or extract.js failed)');
    }
    await cdp.send('Runtime.evaluate', { expression: 'delete window.__c3dExtractor; delete window.__c3dConsole' });
    record.entries.length = 0; // nothing the scaffold printed belongs to the program
    return {
      context, page, cdp, extractorId: handle.result.objectId, consoleId: guard.result.objectId, console: record, blocked,
    };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

// Keeps `size` execution pages loaded ahead, so a program never waits for three.js to load.
export class ExecutionPagePool {
  constructor(browser, limits, size) {
    this.browser = browser;
    this.limits = limits;
    this.size = size;
    this.ready = [];
  }

  fill() {
    while (this.ready.length < this.size) {
      const pending = openExecutionPage(this.browser, this.limits);
      pending.catch(() => {}); // reported when acquired
      this.ready.push(pending);
    }
  }

  async acquire() {
    this.fill();
    const next = this.ready.shift();
    this.fill();
    return next;
  }

  async close() {
    const pending = this.ready.splice(0);
    await Promise.all(pending.map((p) => p.then((slot) => slot.context.close()).catch(() => {})));
  }
}

// The trusted page that exports and renders validated objects.
export async function openRenderPage(browser) {
  const context = await browser.newContext({ viewport: { width: 512, height: 512 }, serviceWorkers: 'block' });
  await serveScaffold(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err && err.message)));
  await page.goto(pageUrl('render.html'), { waitUntil: 'load', timeout: SCAFFOLD_TIMEOUT_MS });
  const info = await page.evaluate(() => (window.c3dRender
    ? { version: window.c3dRender.version, three: window.c3dRender.threeRevision } : null));
  if (!info) {
    await context.close().catch(() => {});
    throw new InfrastructureError(`the render scaffold did not load: ${errors.join('; ') || 'unknown error'}`);
  }
  try {
    info.environment = await installEnvironment(page, info, browser.version());
  } catch (err) {
    await context.close().catch(() => {});
    throw new InfrastructureError(`the render page could not make its environment map: ${err.message}`);
  }
  return { context, page, info };
}
