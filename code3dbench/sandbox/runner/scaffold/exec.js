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

// Console calls past the runner's budget (?console=N in the page URL) never leave the page:
// each call is a DevTools event, and a flood of them would slow the program to its time limit.
// The runner keeps the first N and reads how many more were made through a private handle
// taken, like the extractor, before any program code runs.
const consoleBudget = Number(new URLSearchParams(location.search).get('console')) || 200;
const forward = Reflect.apply;
let consoleCalls = 0;
for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml', 'table',
  'group', 'groupCollapsed', 'assert', 'count', 'timeLog']) {
  const original = console[name];
  if (typeof original !== 'function') continue;
  console[name] = function (...args) {
    consoleCalls += 1;
    if (consoleCalls <= consoleBudget) return forward(original, console, args);
    return undefined;
  };
}
Object.defineProperty(window, '__c3dConsole', {
  value: Object.freeze({ dropped: () => Math.max(0, consoleCalls - consoleBudget) }),
  configurable: true,
  enumerable: false,
  writable: false,
});
