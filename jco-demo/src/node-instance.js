// A fresh instance of a transpiled component in Node, for the tests and the
// benchmark (the page compiles the core modules from fetch instead).
// scripts/bundle.js bundles this file, the Rust component's glue with it,
// into dist/node/: the production build of the Node host.
import { readFile } from 'node:fs/promises';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { instantiate as instantiateRust } from '../generated/rust/linear_memory.js';
import { loadComponent } from './component.js';

/** The workspace's component, transpiled by scripts/build.js. */
const rust = new URL('../generated/rust/', import.meta.url);

/**
 * @param {URL} [dir] a directory of `jco transpile --instantiation` output
 *   named linear_memory (default: the workspace's component)
 * @returns {ReturnType<typeof loadComponent>} a new instance's exports and memory
 */
export async function freshInstance(dir = rust) {
  const compileCore = async (path) => WebAssembly.compile(await readFile(new URL(path, dir)));
  if (dir === rust) return loadComponent(compileCore, instantiateRust);
  // Other implementations (the Go one) import WASI: preview2-shim provides
  // it, with its defaults (no preopened directories, no environment).
  const { instantiate } = await import(new URL('linear_memory.js', dir).href);
  return loadComponent(compileCore, instantiate, new WASIShim().getImportObject());
}
