// A fresh instance of the transpiled component in Node, for the tests.
import { readFile } from 'node:fs/promises';
import { loadComponent } from '../src/component.js';

const generated = new URL('../generated/', import.meta.url);

/** @returns {ReturnType<typeof loadComponent>} the `buffer` exports and the memory of a new instance */
export function freshInstance() {
  return loadComponent(async (path) => WebAssembly.compile(await readFile(new URL(path, generated))));
}
