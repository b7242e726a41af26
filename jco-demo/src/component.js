// Instantiates the transpiled component through jco's instantiation hooks,
// and keeps a reference to the memory of the core module inside it.
//
// That reference reaches beneath the component model: a component never
// exports its memory, and a host that follows the model (wasmtime, the
// runner in this repository) has no way to see it. jco's --instantiation
// mode hands every core instance to `instantiateCore` as it is created, and
// the core module exports its memory there for jco's own glue, which copies
// `list<u8>` values in and out of it. The page only reads it, to show what
// the canonical ABI's copies do; it is a lesson, not an API.
import { instantiate as transpiled } from '../generated/linear_memory.js';
import { checked } from './arguments.js';

/**
 * @param {(path: string) => Promise<WebAssembly.Module>} compileCore
 *   compiles one of the component's core modules, named by jco
 * @param {typeof transpiled} [instantiate] the `instantiate` of a transpile
 *   (default: the one in generated/; tests and benchmarks can load others)
 * @param {object} [imports] what the component imports (this one: nothing)
 * @returns {Promise<{ buffer: import('../generated/interfaces/wasm-by-example-linear-memory-buffer.js'),
 *                     memory: WebAssembly.Memory, core: WebAssembly.Exports }>}
 *   the component's `buffer` exports (each checks its arguments first:
 *   arguments.js), its linear memory, and the raw exports
 *   of the core module that owns that memory (the benchmark's baseline)
 */
export async function loadComponent(compileCore, instantiate = transpiled, imports = {}) {
  let core;
  const root = await instantiate(compileCore, imports, async (module, coreImports) => {
    const instance = await WebAssembly.instantiate(module, coreImports);
    if (!core && instance.exports.memory instanceof WebAssembly.Memory) {
      core = instance.exports;
    }
    return instance;
  });
  if (!core) throw new Error('no core module of this component exports a memory');
  return { buffer: checked(root.buffer), memory: core.memory, core };
}
