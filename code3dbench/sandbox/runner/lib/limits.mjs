// Execution limits: defaults match the benchmark's conventions (design.md).
export const DEFAULT_LIMITS = Object.freeze({
  timeoutMs: 10_000, // wall time for running the program, buildObject() and reading its object
  maxTriangles: 2_000_000, // what three would draw, instances included
  memoryMb: 1024, // V8 heap of each page (--max-old-space-size); over it the page crashes
  consoleBytes: 16_384, // console text kept per program
  consoleEntries: 200, // console messages kept per program
  renderTimeoutMs: 60_000, // export and render of a validated object (the runner's own work)
});

export function resolveLimits(overrides = {}) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || value === null) continue;
    if (!(key in DEFAULT_LIMITS)) throw new Error(`unknown limit "${key}"`);
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`limit ${key} must be a positive number, got ${value}`);
    limits[key] = n;
  }
  return Object.freeze(limits);
}
