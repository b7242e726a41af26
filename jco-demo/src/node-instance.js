// A fresh instance of a transpiled component in Node, for the tests and the
// benchmark (the page compiles the core modules from fetch instead).
import { readFile } from 'node:fs/promises';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { loadComponent } from './component.js';

const generated = new URL('../generated/', import.meta.url);

/**
 * @param {URL} [dir] a directory of `jco transpile --instantiation` output
 *   named linear_memory (default: generated/, the workspace's component)
 * @returns {ReturnType<typeof loadComponent>} a new instance's exports and memory
 */
export async function freshInstance(dir = generated) {
  const compileCore = async (path) => WebAssembly.compile(await readFile(new URL(path, dir)));
  if (dir === generated) return loadComponent(compileCore);
  // Other implementations (the Go one) import WASI: preview2-shim provides
  // it, with its defaults (no preopened directories, no environment).
  const { instantiate } = await import(new URL('linear_memory.js', dir).href);
  return loadComponent(compileCore, instantiate, new WASIShim().getImportObject());
}
