// Instantiates a transpiled component through jco's instantiation hooks, and
// keeps a reference to every linear memory of the core instances inside it.
//
// That reference reaches beneath the component model: a component never
// exports its memory, and a host that follows the model (wasmtime, the
// runner in this repository) has no way to see it. jco's --instantiation
// mode hands every core instance to `instantiateCore` as it is created, and
// a core module exports its memory there for jco's own glue, which copies
// `list<u8>` values in and out of it. The page only reads it, to show what
// the canonical ABI's copies do; it is a lesson, not an API.
import { checked } from './arguments.js';

/**
 * @typedef {{ memory: WebAssembly.Memory, exports: WebAssembly.Exports, index: number }} CoreMemory
 *   a memory, the exports of the first core instance that exports it, and
 *   that instance's place in the order jco instantiated them
 */

/**
 * Instantiates a component and watches its core instances.
 * @param {(path: string) => Promise<WebAssembly.Module>} compileCore
 *   compiles one of the component's core modules, named by jco
 * @param {Function} instantiate the `instantiate` of a transpile
 * @param {object} imports what the component imports (WASI, or nothing)
 * @returns {Promise<{ root: object, memories: CoreMemory[], instances: number }>}
 *   the component's exports, each distinct memory its core instances export
 *   (in the order they appeared), and how many core instances it made
 */
export async function instantiateWatched(compileCore, instantiate, imports) {
  const memories = [];
  let instances = 0;
  const root = await instantiate(compileCore, imports, async (module, coreImports) => {
    const instance = await WebAssembly.instantiate(module, coreImports);
    const memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
    if (memory && !memories.some((seen) => seen.memory === memory)) {
      memories.push({ memory, exports: instance.exports, index: instances });
    }
    instances += 1;
    return instance;
  });
  return { root, memories, instances };
}

/**
 * An implementation of the `linear-memory` world.
 * @param {(path: string) => Promise<WebAssembly.Module>} compileCore
 * @param {Function} instantiate the `instantiate` of its transpile
 * @param {object} [imports] what it imports (the Rust one: nothing)
 * @returns {Promise<{ buffer: object, streams?: object, root: object, memory: WebAssembly.Memory,
 *                     core: WebAssembly.Exports, memories: CoreMemory[], instances: number }>}
 *   its `buffer` exports (each checks its arguments first: arguments.js), its
 *   `streams` exports if it implements linear-memory-streams, all its exports, the
 *   memory of the first core instance that exports one (the module's own,
 *   which holds the buffer), that instance's raw exports (the benchmark's
 *   baseline), and what instantiateWatched saw
 */
export async function loadComponent(compileCore, instantiate, imports = {}) {
  const { root, memories, instances } = await instantiateWatched(compileCore, instantiate, imports);
  if (memories.length === 0) throw new Error('no core module of this component exports a memory');
  const [{ memory, exports: core }] = memories;
  return { buffer: checked(root.buffer), streams: root.streams, root, memory, core, memories, instances };
}
