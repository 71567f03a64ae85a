// Runs programs one after another (or a few at a time) in one persistent Chromium: a fresh
// execution page per program from a warm pool, one trusted render page for export and render.
import { launchChromium, InfrastructureError } from './browser.mjs';
import { ExecutionPagePool, openRenderPage } from './pages.mjs';
import { encodePngFromGlPixels } from './png.mjs';
import { validateExtraction, ValidationFailure } from './validate.mjs';

export const RESULT_SCHEMA_VERSION = 1;
const MAX_ERROR_CHARS = 2000;
// How long a finished page may take to say how many console calls it held back: the answer
// queues behind the console events the page already sent (200 of them take a few hundred ms on a
// loaded 2-core machine; 100 ms lost the count).
const CONSOLE_COUNT_WAIT_MS = 1000;

class ProgramFailure extends Error {
  constructor(status, message, location = {}) {
    super(message);
    this.status = status;
    this.line = location.line ?? null;
    this.column = location.column ?? null;
  }
}

function clip(text) {
  const s = String(text ?? '');
  return s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS)}… [truncated]` : s;
}

// Line and column (1-based) in program.js from CDP exception details.
function locate(details) {
  const frames = details.stackTrace?.callFrames ?? [];
  const frame = frames.find((f) => f.url === 'program.js');
  if (frame) return { line: frame.lineNumber + 1, column: frame.columnNumber + 1 };
  if (details.url === 'program.js' || (!details.url && !frames.length)) {
    return { line: details.lineNumber + 1, column: details.columnNumber + 1 };
  }
  return {};
}

// The error text with stack frames outside program.js (the scaffold's own) left out.
function describe(details) {
  const text = String(details.exception?.description ?? details.text ?? 'unknown error');
  const lines = text.split('\n');
  const kept = lines.filter((line, i) => i === 0 || !/^\s+at /.test(line) || line.includes('program.js'));
  return clip(kept.join('\n'));
}

const elapsed = (start) => Math.round((performance.now() - start) * 10) / 10;

// The multi-view strip (colour views over their masks) as one PNG.
const encodeViews = ({ pixels, width, height }) => encodePngFromGlPixels(Buffer.from(pixels, 'base64'), width, height);

export class Executor {
  constructor({ limits, chromiumPath, poolSize = 2 }) {
    this.limits = limits;
    this.chromiumPath = chromiumPath;
    this.poolSize = poolSize;
    this.browser = null;
    this.renderQueue = Promise.resolve();
    this.closing = new Set();
  }

  // Launches Chromium and opens the pages; a browser that dies while starting gets one more try.
  async start() {
    try {
      await this.startOnce();
    } catch (err) {
      if (!this.browserCrashed) throw err;
      await this.close();
      await this.startOnce();
    }
  }

  async startOnce() {
    this.browser = await launchChromium({ executablePath: this.chromiumPath, memoryMb: this.limits.memoryMb });
    this.browserCrashed = false;
    this.browser.on('disconnected', () => { this.browserCrashed = true; });
    this.pool = new ExecutionPagePool(this.browser, this.limits, this.poolSize);
    this.pool.fill();
    this.render = await openRenderPage(this.browser);
    this.info = { renderer: this.render.info.version, three: this.render.info.three, chromium: this.browser.version() };
  }

  async restart() {
    await this.close();
    await this.start();
  }

  async close() {
    if (!this.browser) return;
    await this.pool.close().catch(() => {});
    await Promise.allSettled([...this.closing]);
    await this.browser.close().catch(() => {});
    this.browser = null;
  }

  dispose(slot) {
    const closing = slot.context.close().catch(() => {});
    this.closing.add(closing);
    closing.finally(() => this.closing.delete(closing));
  }

  // Executes one program; never throws for anything the program does. If the browser itself dies,
  // it is restarted and the program run once more before it is reported as sandbox_error.
  async execute(program) {
    const outcome = await this.withRestart(
      () => this.executeOnce(program),
      (message) => ({
        result: this.resultFor({ status: 'sandbox_error', error: { message, line: null, column: null } }),
        glb: null, png: null, views: null,
      }),
    );
    if (outcome.retried) outcome.result.notes.push('the browser died during the first attempt; it was restarted and the program run again');
    delete outcome.retried;
    return outcome;
  }

  // Runs `work` on a live browser; if the browser dies, restarts it and runs `work` once more,
  // then gives up with `failed(message)`. The outcome carries `retried` after a restart.
  async withRestart(work, failed) {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.browser || this.browserCrashed) await this.restart();
        const outcome = await work();
        outcome.retried = attempt > 1;
        return outcome;
      } catch (err) {
        if (!(err instanceof InfrastructureError) && !this.browserCrashed) throw err;
        if (attempt >= 2) return failed(clip(`browser failure: ${err.message}`));
        this.browserCrashed = true;
      }
    }
  }

  async executeOnce(program) {
    const started = performance.now();
    const timings = {};
    let t = performance.now();
    let slot;
    try {
      slot = await this.pool.acquire();
    } catch (err) {
      throw err instanceof InfrastructureError ? err : new InfrastructureError(`execution page failed to open: ${err.message}`);
    }
    timings.acquire_page_ms = elapsed(t);
    let extraction;
    let failed = null;
    try {
      extraction = await this.runInPage(slot, program, timings);
    } catch (err) {
      if (!(err instanceof ProgramFailure)) throw err;
      failed = err;
    } finally {
      // Before the page's context is closed; a page still running the program cannot answer.
      if (failed?.status !== 'timeout') await this.countConsoleDropped(slot);
      this.dispose(slot);
    }
    if (failed) return this.failure(failed, slot, timings, started);
    t = performance.now();
    let validated;
    try {
      validated = validateExtraction(extraction, this.limits);
    } catch (err) {
      if (!(err instanceof ValidationFailure)) throw err;
      return this.failure(new ProgramFailure(err.status, err.message), slot, timings, started, extraction.notes);
    }
    timings.validate_ms = elapsed(t);
    const rendered = await this.renderParts(validated.parts);
    Object.assign(timings, rendered.timings);
    t = performance.now();
    const png = encodePngFromGlPixels(Buffer.from(rendered.pixels, 'base64'), rendered.size, rendered.size);
    timings.encode_png_ms = elapsed(t);
    t = performance.now();
    const views = encodeViews(rendered.views);
    timings.encode_views_ms = elapsed(t);
    timings.total_ms = elapsed(started);
    const { stats } = validated;
    return {
      result: this.resultFor({
        status: 'ok',
        error: null,
        triangles: stats.triangles,
        vertices: stats.vertices,
        meshes: stats.meshes,
        surface_area: stats.surfaceArea,
        bbox: stats.bbox,
        timings_ms: timings,
        notes: validated.notes,
        ...this.pageReport(slot),
        files: { glb: 'object.glb', render: 'render.png', views: 'views.png' },
      }),
      glb: Buffer.from(rendered.glb, 'base64'),
      png,
      views,
    };
  }

  failure(err, slot, timings, started, notes = []) {
    timings.total_ms = elapsed(started);
    return {
      result: this.resultFor({
        status: err.status,
        error: { message: clip(err.message), line: err.line, column: err.column },
        timings_ms: timings,
        notes,
        ...this.pageReport(slot),
      }),
      glb: null,
      png: null,
      views: null,
    };
  }

  // Adds the console calls the page held back (past the budget) to the dropped count. A page
  // still busy (timed out, or running the program's own timers) or crashed does not answer
  // within CONSOLE_COUNT_WAIT_MS; its held-back calls go uncounted.
  async countConsoleDropped(slot) {
    const asked = slot.cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: 'function () { return this.dropped(); }', objectId: slot.consoleId, returnByValue: true,
    });
    const late = new Promise((resolve) => { setTimeout(resolve, CONSOLE_COUNT_WAIT_MS, null); });
    try {
      const answer = await Promise.race([asked, late]);
      const dropped = answer && answer.result && answer.result.value;
      if (Number.isInteger(dropped) && dropped > 0) slot.console.dropped += dropped;
    } catch {
      // the page is gone: nothing to add
    }
    asked.catch(() => {});
  }

  pageReport(slot) {
    return {
      console: slot.console.entries,
      console_dropped: slot.console.dropped,
      blocked_requests: slot.blocked,
    };
  }

  resultFor(fields) {
    return {
      schema_version: RESULT_SCHEMA_VERSION,
      status: fields.status,
      error: null,
      triangles: 0,
      vertices: 0,
      meshes: 0,
      surface_area: 0,
      bbox: null,
      timings_ms: {},
      console: [],
      console_dropped: 0,
      blocked_requests: [],
      notes: [],
      files: { glb: null, render: null },
      ...fields,
      limits: { ...this.limits },
      runtime: this.info ?? null,
    };
  }

  // Program phases under one wall-time budget; a hung or crashed page is closed and classified.
  async runInPage(slot, program, timings) {
    const { cdp, extractorId, page } = slot;
    let timer;
    let crashed = false;
    const budget = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new ProgramFailure('timeout',
        `the program did not finish within ${this.limits.timeoutMs / 1000} s`)), this.limits.timeoutMs);
      page.once('crash', () => {
        crashed = true;
        reject(new ProgramFailure('runtime_error',
          `the page crashed while running the program (out of memory? the page heap limit is ${this.limits.memoryMb} MB)`));
      });
    });
    budget.catch(() => {});
    const phase = async (name, work) => {
      const t = performance.now();
      try {
        return await Promise.race([work(), budget]);
      } catch (err) {
        if (err instanceof ProgramFailure) throw err;
        if (crashed) throw new ProgramFailure('runtime_error', 'the page crashed while running the program');
        if (this.browserCrashed) throw new InfrastructureError(`browser disconnected during ${name}`);
        throw new ProgramFailure('runtime_error', `the program broke the page during ${name}: ${err.message.split('\n')[0]}`);
      } finally {
        timings[`${name}_ms`] = elapsed(t);
      }
    };
    try {
      const compiled = await phase('compile', () => cdp.send('Runtime.compileScript', {
        expression: program, sourceURL: 'program.js', persistScript: true,
      }));
      if (compiled.exceptionDetails) {
        const d = compiled.exceptionDetails;
        throw new ProgramFailure('syntax_error', describe(d), { line: d.lineNumber + 1, column: d.columnNumber + 1 });
      }
      const ran = await phase('run', () => cdp.send('Runtime.runScript', { scriptId: compiled.scriptId }));
      if (ran.exceptionDetails) {
        throw new ProgramFailure('runtime_error', describe(ran.exceptionDetails), locate(ran.exceptionDetails));
      }
      const built = await phase('build', () => cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: 'function () { return this.build(); }', objectId: extractorId, returnByValue: true,
      }));
      if (built.exceptionDetails) {
        throw new ProgramFailure('runtime_error', describe(built.exceptionDetails), locate(built.exceptionDetails));
      }
      if (built.result.value === 'missing') {
        throw new ProgramFailure('runtime_error', 'the program does not define a function buildObject()');
      }
      const read = await phase('extract', () => cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: 'function (maxTriangles) { return this.extract(maxTriangles); }',
        objectId: extractorId,
        arguments: [{ value: this.limits.maxTriangles }],
        returnByValue: true,
      }));
      if (read.exceptionDetails) {
        throw new ProgramFailure('runtime_error', `reading the returned object failed: ${describe(read.exceptionDetails)}`,
          locate(read.exceptionDetails));
      }
      const extraction = read.result.value;
      if (!extraction || typeof extraction !== 'object' || typeof extraction.outcome !== 'string') {
        throw new ProgramFailure('invalid_output', 'the returned object could not be read');
      }
      if (extraction.outcome !== 'extracted') {
        const status = ['invalid_output', 'empty_geometry', 'invalid_geometry', 'too_large'].includes(extraction.outcome)
          ? extraction.outcome : 'invalid_output';
        throw new ProgramFailure(status, String(extraction.message ?? extraction.outcome));
      }
      return extraction;
    } finally {
      clearTimeout(timer);
    }
  }

  // Renders a reference asset (GLB bytes) on the trusted render page. A file three cannot read
  // gives status invalid_asset; a dying browser is restarted and the asset tried once more.
  async renderGlb(glb) {
    const outcome = await this.withRestart(
      () => this.renderGlbOnce(glb),
      (message) => ({ result: this.renderResult({ status: 'sandbox_error', error: message }), png: null, views: null }),
    );
    delete outcome.retried;
    return outcome;
  }

  async renderGlbOnce(glb) {
    const started = performance.now();
    const rendered = await this.onRenderPage('fromGlb', glb.toString('base64'));
    if (rendered.error) {
      return { result: this.renderResult({ status: 'invalid_asset', error: clip(rendered.error) }), png: null, views: null };
    }
    let t = performance.now();
    const png = encodePngFromGlPixels(Buffer.from(rendered.pixels, 'base64'), rendered.size, rendered.size);
    const encodePngMs = elapsed(t);
    t = performance.now();
    const views = encodeViews(rendered.views);
    const timings = {
      ...rendered.timings, encode_png_ms: encodePngMs, encode_views_ms: elapsed(t), total_ms: elapsed(started),
    };
    return {
      result: this.renderResult({
        status: 'ok', triangles: rendered.triangles, bbox: rendered.bbox, lights_removed: rendered.lightsRemoved,
        timings_ms: timings, files: { render: 'render.png', views: 'views.png' },
      }),
      png,
      views,
    };
  }

  renderResult(fields) {
    return {
      schema_version: RESULT_SCHEMA_VERSION, status: fields.status, error: null, triangles: 0, bbox: null,
      lights_removed: 0, timings_ms: {}, files: { render: null }, ...fields, runtime: this.info ?? null,
    };
  }

  renderParts(parts) {
    return this.onRenderPage('fromParts', parts);
  }

  // The render page is shared: one object at a time, with its own time limit.
  onRenderPage(method, arg) {
    const job = this.renderQueue.then(async () => {
      let timer;
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new InfrastructureError(
          `export and render took longer than ${this.limits.renderTimeoutMs / 1000} s`)), this.limits.renderTimeoutMs);
      });
      try {
        return await Promise.race([this.render.page.evaluate(([m, a]) => window.c3dRender[m](a), [method, arg]), limit]);
      } catch (err) {
        // The render page is ours: any failure is an infrastructure fault; start afresh.
        this.browserCrashed = true;
        throw err instanceof InfrastructureError ? err : new InfrastructureError(`render failed: ${err.message.split('\n')[0]}`);
      } finally {
        clearTimeout(timer);
      }
    });
    this.renderQueue = job.catch(() => {});
    return job;
  }
}
