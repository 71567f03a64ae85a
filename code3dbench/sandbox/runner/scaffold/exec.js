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
