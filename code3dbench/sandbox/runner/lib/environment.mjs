// The render page's environment map, computed once per machine and reused by later browsers.
//
// Computing the room environment (a PMREM) costs about 2 s of SwiftShader time, more than
// opening the rest of the render page. The first render page computes it and hands its texels
// to Node, which keeps them in a cache file; later pages upload those texels instead, and draw
// exactly the same pixels. The file's name holds a hash of everything that shapes the texels:
// the render scaffold, three.js and Chromium versions. An unreadable or unwritable cache only
// costs the 2 s: the page computes the map itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUNNER_DIR, SCAFFOLD_DIR } from './paths.mjs';

export const ENVIRONMENT_CACHE_ENV = 'CODE3DBENCH_RUNNER_CACHE';

// The folder of the cache: $CODE3DBENCH_RUNNER_CACHE, else the runner's own .cache folder when
// it can be written (a checkout, a Docker image built with --bake-environment), else a folder
// in the system's temporary directory.
export function environmentCacheDir() {
  if (process.env[ENVIRONMENT_CACHE_ENV]) return process.env[ENVIRONMENT_CACHE_ENV];
  const own = path.join(RUNNER_DIR, '.cache');
  try {
    fs.mkdirSync(own, { recursive: true });
    fs.accessSync(own, fs.constants.W_OK);
    return own;
  } catch {
    if (fs.existsSync(own)) return own; // read-only but maybe baked into an image
    return path.join(os.tmpdir(), 'code3dbench-runner-cache');
  }
}

export function environmentCacheFile(info, chromiumVersion) {
  const hash = crypto.createHash('sha256');
  for (const name of ['render.js', 'render_constants.js']) hash.update(fs.readFileSync(path.join(SCAFFOLD_DIR, name)));
  hash.update(`\0three ${info.three}\0chromium ${chromiumVersion}`);
  return path.join(environmentCacheDir(), `environment-${hash.digest('hex').slice(0, 16)}.json`);
}

function readCache(file) {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Number.isInteger(data.size) && Number.isInteger(data.levels) && typeof data.texels === 'string') return data;
  } catch {
    // absent or unreadable: computed again
  }
  return null;
}

function writeCache(file, data) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

// Gives the render page its environment map: from the cache when there, else computed in the
// page (and cached). Returns how: "cached" or "computed".
export async function installEnvironment(page, info, chromiumVersion) {
  const file = environmentCacheFile(info, chromiumVersion);
  const cached = readCache(file);
  if (cached) {
    try {
      await page.evaluate((data) => window.c3dRender.useEnvironment(data), cached);
      return { source: 'cached', file };
    } catch {
      fs.rmSync(file, { force: true }); // a damaged file: compute it again below
    }
  }
  const baked = await page.evaluate(() => window.c3dRender.bakeEnvironment());
  return { source: writeCache(file, baked) ? 'computed' : 'computed, not cached', file };
}
