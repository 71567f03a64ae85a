// Runs the runner's Node-side validation (lib/validate.mjs) alone on extractions read as JSON from
// stdin: { name: { parts, limits } }. A part's positions, indices and optional normals, colors and
// uvs are number arrays (the strings "NaN" and "Infinity" allowed) or { "b64": raw base64 }.
// Prints { name: { status, message } } for a refusal or { name: { status: "ok", stats, notes,
// materials } } for an accepted object. Usage: node validate_cases.mjs RUNNER_DIR < cases.json
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [runnerDir] = process.argv.slice(2);
const { validateExtraction, ValidationFailure } = await import(pathToFileURL(path.join(runnerDir, 'lib', 'validate.mjs')).href);

const INDEXED = new Set(['indices']);
const number = (v) => (typeof v === 'string' ? Number(v) : v);
function encode(key, value) {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object' && !Array.isArray(value)) return value.b64;
  const Type = INDEXED.has(key) ? Uint32Array : Float32Array;
  return Buffer.from(new Type(value.map(number)).buffer).toString('base64');
}

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const report = {};
for (const [name, { extraction, limits }] of Object.entries(cases)) {
  const input = extraction.parts === undefined ? extraction : {
    ...extraction,
    parts: extraction.parts.map((part) => Object.fromEntries(Object.entries(part).map(
      ([key, value]) => [key, ['positions', 'indices', 'normals', 'colors', 'uvs'].includes(key) ? encode(key, value) : value]))),
  };
  try {
    const { parts, stats, notes } = validateExtraction(input, limits);
    report[name] = { status: 'ok', stats, notes, materials: parts.map((p) => p.material), normals: parts.map((p) => p.normals !== null) };
  } catch (err) {
    if (!(err instanceof ValidationFailure)) throw err;
    report[name] = { status: err.status, message: err.message };
  }
}
process.stdout.write(JSON.stringify(report));
