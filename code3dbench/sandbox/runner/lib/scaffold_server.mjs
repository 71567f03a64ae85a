// Serves the scaffold pages and three.js to the browser through request interception, from
// memory, under a made-up origin. Every other request (network, file://, localhost) is aborted.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SCAFFOLD_DIR, THREE_DIR } from './paths.mjs';

export const ORIGIN = 'http://code3dbench.invalid';

// The import maps inline in the scaffold pages, allowed by hash; no other inline script runs.
const IMPORT_MAP_HASHES = ['exec.html', 'render.html'].map((name) => {
  const html = fs.readFileSync(path.join(SCAFFOLD_DIR, name), 'utf8');
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)[1];
  return `'sha256-${crypto.createHash('sha256').update(importMap).digest('base64')}'`;
});

// Scripts only from the scaffold origin, no connections, workers, frames or forms anywhere.
// The trusted render page (it never runs program code) may fetch blob: and data: URLs, which
// is how GLTFLoader decodes the textures embedded in a GLB; the network stays closed.
const cspFor = (connect) => [
  "default-src 'none'",
  `script-src 'self' 'unsafe-eval' ${[...new Set(IMPORT_MAP_HASHES)].join(' ')}`,
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  `connect-src ${connect}`,
  "worker-src 'none'",
  "frame-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
const CSP = cspFor("'none'");
const RENDER_PAGE_CSP = cspFor('blob: data:');

const CONTENT_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const cache = new Map();

function resolveFile(pathname) {
  if (pathname.startsWith('/scaffold/')) return path.join(SCAFFOLD_DIR, pathname.slice('/scaffold/'.length));
  if (pathname.startsWith('/three/build/') || pathname.startsWith('/three/examples/jsm/')) {
    return path.join(THREE_DIR, pathname.slice('/three/'.length));
  }
  return null;
}

function load(pathname) {
  if (cache.has(pathname)) return cache.get(pathname);
  const file = resolveFile(path.posix.normalize(pathname));
  let entry = null;
  if (file && (file.startsWith(SCAFFOLD_DIR + path.sep) || file.startsWith(THREE_DIR + path.sep))
      && fs.existsSync(file) && fs.statSync(file).isFile()) {
    entry = { body: fs.readFileSync(file), contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
  }
  cache.set(pathname, entry);
  return entry;
}

export function pageUrl(name) {
  return `${ORIGIN}/scaffold/${name}`;
}

// Installs the interception on a browser context; `onBlocked(url)` hears every refused request.
export async function serveScaffold(context, onBlocked = () => {}) {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(ORIGIN + '/')) {
      const { pathname } = new URL(url);
      const entry = load(pathname);
      if (entry) {
        return route.fulfill({
          status: 200,
          body: entry.body,
          headers: {
            'content-type': entry.contentType,
            'content-security-policy': pathname === '/scaffold/render.html' ? RENDER_PAGE_CSP : CSP,
            'cache-control': 'no-store',
          },
        });
      }
    }
    onBlocked(url);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    onBlocked(ws.url());
    ws.close({ code: 1008, reason: 'network is disabled' });
  });
}
