// Where the runner's own files live.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNNER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCAFFOLD_DIR = path.join(RUNNER_DIR, 'scaffold');
export const THREE_DIR = path.join(RUNNER_DIR, 'node_modules', 'three');
