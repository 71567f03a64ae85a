// Each network defence of the execution page, alone: a page asks a recording server on
// 127.0.0.1 for /<scenario>/<kind> by fetch, XHR and image, in a browser where only that one
// defence is in place. Prints one JSON object: scenario -> { blocked, console }; the Python test
// reads the server's hits. Usage: node network_layers.mjs RUNNER_DIR PORT
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [runnerDir, port] = process.argv.slice(2);
const lib = (name) => import(pathToFileURL(path.join(runnerDir, 'lib', name)).href);
const { chromiumArgs, findChromium } = await lib('browser.mjs');
const { ORIGIN, pageUrl, serveScaffold } = await lib('scaffold_server.mjs');
const { chromium } = createRequire(path.join(runnerDir, 'package.json'))('playwright-core');

const base = `http://127.0.0.1:${port}`;
const PROBE_URL = `${ORIGIN}/probe.html`;
// The requests a program would make; the sleep gives the asynchronous ones their chance.
const probe = (scenario) => `
  fetch('${base}/${scenario}/fetch').catch(() => {});
  try { const x = new XMLHttpRequest(); x.open('GET', '${base}/${scenario}/xhr', false); x.send(); } catch (e) {}
  new Image().src = '${base}/${scenario}/img';
  new Promise((resolve) => setTimeout(resolve, 500));`;
const PROXY_FLAGS = ['--proxy-server', '--proxy-bypass-list'];
const withoutProxy = (args) => args.filter((arg) => !PROXY_FLAGS.some((flag) => arg.startsWith(flag)));
// Chromium's own Private Network Access check refuses a public page's requests to 127.0.0.1. It
// is not one of the runner's defences (it does nothing for a public address), so it is switched
// off here: otherwise it alone would stop the requests and hide whether a defence works.
const NO_PRIVATE_NETWORK_CHECK = '--disable-features=BlockInsecurePrivateNetworkRequests,LocalNetworkAccessChecks';

// A page of our own with no Content-Security-Policy, served by a route for its URL only.
async function serveProbePage(context) {
  await context.route(PROBE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>probe</p>' }));
}

const SCENARIOS = {
  // No defence: the requests must arrive, or the other scenarios prove nothing.
  control: { proxy: false, async setUp(context) { await serveProbePage(context); return PROBE_URL; } },
  // Request interception alone: the page has no CSP and the browser no proxy.
  interception: {
    proxy: false,
    async setUp(context, blocked) {
      await serveScaffold(context, (url) => blocked.push(url));
      await serveProbePage(context); // registered last, so it answers before the interception
      return PROBE_URL;
    },
  },
  // The Content-Security-Policy alone: the real execution page, with requests to the recording
  // server let through the interception and no proxy.
  csp: {
    proxy: false,
    async setUp(context, blocked) {
      await serveScaffold(context, (url) => blocked.push(url));
      await context.route(`${base}/**`, (route) => route.continue());
      return pageUrl('exec.html');
    },
  },
  // The dead proxy alone: the runner's own launch flags, a page without CSP, no interception.
  proxy: { proxy: true, async setUp(context) { await serveProbePage(context); return PROBE_URL; } },
};

const args = chromiumArgs(256);
const report = {};
for (const [scenario, { proxy, setUp }] of Object.entries(SCENARIOS)) {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...(proxy ? args : withoutProxy(args)), NO_PRIVATE_NETWORK_CHECK],
    headless: true,
  });
  try {
    const context = await browser.newContext();
    const blocked = [];
    const url = await setUp(context, blocked);
    const page = await context.newPage();
    const console = [];
    page.on('console', (msg) => console.push(msg.text()));
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(probe(scenario));
    report[scenario] = { blocked, console };
  } finally {
    await browser.close();
  }
}
process.stdout.write(JSON.stringify(report));
