// Finds and launches the system Chromium (never a downloaded browser).
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export class InfrastructureError extends Error {}

export function findChromium(explicit) {
  const named = explicit || process.env.CODE3DBENCH_CHROMIUM;
  if (named) {
    if (!fs.existsSync(named)) throw new InfrastructureError(`Chromium not found at ${named} (from --chromium or CODE3DBENCH_CHROMIUM)`);
    return named;
  }
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new InfrastructureError(
      `no Chromium found (looked at ${CANDIDATES.join(', ')}); install Debian's package with ` +
      '`apt-get install -y chromium`, or set CODE3DBENCH_CHROMIUM to a Chromium binary');
  }
  return found;
}

export function chromiumArgs(memoryMb) {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--use-angle=swiftshader', // WebGL through the software rasterizer: no GPU needed
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage', // /dev/shm is small in containers
    '--mute-audio',
    // Anything that slips past request interception goes to a dead proxy, loopback included.
    '--proxy-server=http://127.0.0.1:9',
    '--proxy-bypass-list=<-loopback>',
    `--js-flags=--max-old-space-size=${Math.round(memoryMb)}`,
  ];
}

// Playwright gives every launch a fresh, temporary user data dir.
export async function launchChromium({ executablePath, memoryMb }) {
  const found = findChromium(executablePath);
  try {
    return await chromium.launch({ executablePath: found, args: chromiumArgs(memoryMb), headless: true, timeout: 30_000 });
  } catch (err) {
    throw new InfrastructureError(`Chromium (${found}) failed to start: ${err.message.split('\n')[0]}`);
  }
}
