// Loads what the catalog offers, in the page: each component's glue (a chunk
// of its own in the production build) and core modules only when asked for,
// and WASI (preview2-shim's browser build, granting nothing) only for the
// components whose runtime imports it.
import { instantiateWatched, loadComponent } from './component.js';

/** Compiles the core modules of `entry` as the page fetches them. */
const coreCompiler = (entry) => (path) =>
  WebAssembly.compileStreaming(fetch(new URL(`${entry.dir}${path}`, document.baseURI)));

/**
 * preview2-shim's WASI, with no network, no environment and no files; what
 * the component prints to stdout goes to `stdout`, line by line.
 */
async function wasi(stdout = () => {}) {
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const decoder = new TextDecoder();
  let pending = '';
  const lines = {
    write(bytes) {
      pending += decoder.decode(bytes, { stream: true });
      const complete = pending.split('\n');
      pending = complete.pop();
      complete.forEach(stdout);
    },
    blockingFlush() {},
  };
  return new WASIShim({ stdout: lines, sandbox: { env: {}, args: [], enableNetwork: false } }).getImportObject();
}

/** An implementation of the world, from its catalog entry. */
export async function loadImplementation(entry) {
  const { instantiate } = await entry.load();
  return loadComponent(coreCompiler(entry), instantiate, entry.wasi ? await wasi() : {});
}

/**
 * A composition, from its catalog entry, instantiated but not run: its
 * `run` export, and the memories of its core instances. Lines it prints go
 * to `stdout`.
 */
export async function loadComposition(entry, stdout) {
  const { instantiate } = await entry.load();
  return instantiateWatched(coreCompiler(entry), instantiate, await wasi(stdout));
}
