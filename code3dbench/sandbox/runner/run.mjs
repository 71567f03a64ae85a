#!/usr/bin/env node
// code3dbench runner: executes Three.js programs in headless Chromium.
//
//   node run.mjs --program prog.js --out DIR [limits]
//   node run.mjs --jobs jobs.json [limits]        (jobs.json: [{"program": "a.js", "out": "DIR"}, ...])
//   node run.mjs --serve SOCKET [limits] [--idle-exit-s N]        (one Chromium for many programs)
//   node run.mjs --connect SOCKET (--program FILE --out DIR | --shutdown) [--wait-ms N]
//   node run.mjs --bake-environment        (compute and cache the render page's environment map)
//
// Each job writes DIR/result.json (always), DIR/object.glb, DIR/render.png and DIR/views.png (the
// multi-view strip, scaffold/views_constants.js) when status is ok.
// A job {"glb": "asset.glb", "out": "DIR"} renders a reference asset instead (trusted render page
// only): DIR/result.json with status ok, invalid_asset or sandbox_error, DIR/render.png and DIR/views.png.
// stdout carries JSON lines: {"event": "start"} and {"event": "result"} for each job. Exit 0 when every job has a result.json (whatever
// the programs did), 3 on an infrastructure fault (no Chromium, broken install), 2 on bad usage.
// --connect exits 4 when no server answers and 5 when the server died during the request.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveLimits } from './lib/limits.mjs';
import { EXIT_NO_SERVER, EXIT_SERVER_LOST, request, serve } from './lib/server.mjs';

// The browser side (playwright-core) takes about half a second to import: --connect, which only
// talks to a running server, never loads it.
let Executor;
let InfrastructureError;
async function loadBrowserSide() {
  ({ Executor } = await import('./lib/executor.mjs'));
  ({ InfrastructureError } = await import('./lib/browser.mjs'));
}

const USAGE = 'usage: run.mjs (--program FILE --out DIR | --jobs FILE | --serve SOCKET | --connect SOCKET '
  + '(--program FILE --out DIR | --shutdown)) [--timeout-ms N] [--max-triangles N] [--memory-mb N] '
  + '[--console-bytes N] [--console-entries N] [--render-timeout-ms N] [--concurrency N] [--chromium PATH] '
  + '[--idle-exit-s N] [--wait-ms N] | --bake-environment';

function parse() {
  const { values } = parseArgs({
    options: {
      program: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'max-triangles': { type: 'string' },
      'memory-mb': { type: 'string' },
      'console-bytes': { type: 'string' },
      'console-entries': { type: 'string' },
      'render-timeout-ms': { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      chromium: { type: 'string' },
      serve: { type: 'string' },
      connect: { type: 'string' },
      shutdown: { type: 'boolean' },
      'idle-exit-s': { type: 'string', default: '600' },
      'wait-ms': { type: 'string', default: '0' },
      'bake-environment': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  let jobs = [];
  if (values['bake-environment']) {
    // no jobs: start the browser (which bakes the map into the cache) and stop
  } else if (values.serve || values.connect) {
    if (values.connect && !values.shutdown && !(values.program && values.out)) throw new Error(USAGE);
  } else if (values.jobs) {
    jobs = JSON.parse(fs.readFileSync(values.jobs, 'utf8'));
    const valid = (j) => typeof j.out === 'string' && (typeof j.program === 'string') !== (typeof j.glb === 'string');
    if (!Array.isArray(jobs) || !jobs.every(valid)) {
      throw new Error(`${values.jobs}: expected a JSON list of {"program": path, "out": dir} or {"glb": path, "out": dir}`);
    }
  } else if (values.program && values.out) {
    jobs = [{ program: values.program, out: values.out }];
  } else {
    throw new Error(USAGE);
  }
  const limits = resolveLimits({
    timeoutMs: values['timeout-ms'],
    maxTriangles: values['max-triangles'],
    memoryMb: values['memory-mb'],
    consoleBytes: values['console-bytes'],
    consoleEntries: values['console-entries'],
    renderTimeoutMs: values['render-timeout-ms'],
  });
  const concurrency = Math.max(1, Number.parseInt(values.concurrency, 10) || 1);
  return {
    jobs, limits, concurrency, chromium: values.chromium, serve: values.serve, connect: values.connect,
    shutdown: values.shutdown, program: values.program, out: values.out, bake: values['bake-environment'],
    idleExitMs: 1000 * Number(values['idle-exit-s']), waitMs: Number(values['wait-ms']),
  };
}

function writeOutputs(outDir, { result, glb, png, views }) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of ['object.glb', 'render.png', 'views.png', 'result.json']) fs.rmSync(path.join(outDir, name), { force: true });
  if (glb) fs.writeFileSync(path.join(outDir, 'object.glb'), glb);
  if (png) fs.writeFileSync(path.join(outDir, 'render.png'), png);
  if (views) fs.writeFileSync(path.join(outDir, 'views.png'), views);
  const tmp = path.join(outDir, 'result.json.tmp');
  fs.writeFileSync(tmp, JSON.stringify(result, null, 2));
  fs.renameSync(tmp, path.join(outDir, 'result.json'));
}

async function main() {
  let options;
  try {
    options = parse();
  } catch (err) {
    console.error(`code3dbench runner: ${err.message}`);
    return 2;
  }
  if (options.connect) return connect(options);
  await loadBrowserSide();
  if (options.serve) return serveUntilDone(options);
  if (options.bake) return bakeEnvironment(options);
  const { jobs, limits, concurrency } = options;
  const executor = new Executor({ limits, chromiumPath: options.chromium, poolSize: Math.min(jobs.length, concurrency + 1) });
  try {
    await executor.start();
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index];
        const input = job.program ?? job.glb;
        let content;
        try {
          content = job.program ? fs.readFileSync(input, 'utf8') : fs.readFileSync(input);
        } catch (err) {
          throw new InfrastructureError(`cannot read ${input}: ${err.message}`);
        }
        process.stdout.write(`${JSON.stringify({ event: 'start', index, program: input })}\n`);
        const outcome = job.program ? await executor.execute(content) : await executor.renderGlb(content);
        writeOutputs(job.out, outcome);
        process.stdout.write(`${JSON.stringify({
          event: 'result', index, program: input, out: job.out,
          status: outcome.result.status, total_ms: outcome.result.timings_ms.total_ms ?? null,
        })}\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    return 0;
  } catch (err) {
    const kind = err instanceof InfrastructureError ? 'infrastructure fault' : 'internal error';
    console.error(`code3dbench runner: ${kind}: ${err.stack || err.message}`);
    return 3;
  } finally {
    await executor.close();
  }
}

// Starts a browser, runs `work(executor)` and closes the browser; a fault exits 3.
async function withExecutor({ limits, chromium }, poolSize, work) {
  const executor = new Executor({ limits, chromiumPath: chromium, poolSize });
  try {
    await executor.start();
    await work(executor);
    return 0;
  } catch (err) {
    console.error(`code3dbench runner: infrastructure fault: ${err.stack || err.message}`);
    return 3;
  } finally {
    await executor.close();
  }
}

function bakeEnvironment(options) {
  return withExecutor(options, 0, async (executor) => {
    process.stdout.write(`${JSON.stringify({ event: 'environment', ...executor.render.info.environment })}\n`);
  });
}

function serveUntilDone(options) {
  return withExecutor(options, 2, (executor) => serve(options.serve, async (job) => {
    if (typeof job.program !== 'string' || typeof job.out !== 'string') throw new Error('expected {"program", "out"}');
    const outcome = await executor.execute(fs.readFileSync(job.program, 'utf8'));
    writeOutputs(job.out, outcome);
    return { event: 'result', status: outcome.result.status, out: job.out, total_ms: outcome.result.timings_ms.total_ms ?? null };
  }, { idleExitMs: options.idleExitMs }));
}

async function connect({ connect: socketPath, shutdown, program, out, waitMs }) {
  const message = shutdown ? { command: 'shutdown' } : { program: path.resolve(program), out: path.resolve(out) };
  let answer;
  try {
    answer = await request(socketPath, message, { waitMs: shutdown ? 0 : waitMs });
  } catch (err) {
    console.error(`code3dbench runner: ${err.code === 'LOST' ? 'the server died during the request' : `no server at ${socketPath}`}: ${err.message}`);
    return err.code === 'LOST' ? EXIT_SERVER_LOST : EXIT_NO_SERVER;
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  return answer.event === 'error' ? 3 : 0;
}

process.exitCode = await main();
