// Execution page (untrusted side): exposes three.js as the global THREE for the program and
// hands the runner a private extractor, created before any program code runs.
import * as THREE from 'three';
import { createExtractor } from '/scaffold/extract.js';

window.THREE = THREE;
// The runner takes a CDP handle to this object, then deletes the global: the program never sees it.
Object.defineProperty(window, '__c3dExtractor', {
  value: createExtractor(THREE),
  configurable: true,
  enumerable: false,
  writable: false,
});

// Console calls past the runner's budget (?console=N&bytes=B in the page URL: N calls, about B
// characters of text) never leave the page: each call is a DevTools event, and a flood of them
// would slow the program to its time limit. The runner keeps the first N calls within B bytes and
// reads how many more were made through a private handle taken, like the extractor, before any
// program code runs. The size counts strings and numbers as they print and anything else as a
// short preview, without calling program code (a hostile toString never runs here).
const budget = new URLSearchParams(location.search);
const consoleBudget = Number(budget.get('console')) || 200;
const consoleBytes = Number(budget.get('bytes')) || 16384;
const OBJECT_PREVIEW_CHARS = 32;
const forward = Reflect.apply;
const sizeOf = (arg) => (typeof arg === 'string' ? arg.length
  : typeof arg === 'object' || typeof arg === 'function' ? OBJECT_PREVIEW_CHARS : 8);
let consoleCalls = 0;
let forwarded = 0;
let forwardedChars = 0;
for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml', 'table',
  'group', 'groupCollapsed', 'assert', 'count', 'timeLog']) {
  const original = console[name];
  if (typeof original !== 'function') continue;
  console[name] = function (...args) {
    consoleCalls += 1;
    if (forwarded >= consoleBudget || forwardedChars > consoleBytes) return undefined;
    forwarded += 1;
    for (let i = 0; i < args.length; i++) forwardedChars += sizeOf(args[i]) + 1;
    return forward(original, console, args);
  };
}
Object.defineProperty(window, '__c3dConsole', {
  value: Object.freeze({ dropped: () => consoleCalls - forwarded }),
  configurable: true,
  enumerable: false,
  writable: false,
});
