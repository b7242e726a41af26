// The lesson-client world in JavaScript: the lesson, run through the buffer
// interface this component imports.
//
// It holds no rules of the contract: composed behind the checker component
// (interop/checker), every answer it gets is one the contract allows.
// ComponentizeJS makes it a component (interop/componentize-js.js):
//
//   node interop/componentize-js.js interop/clients/js/lesson-client.js wit lesson-client OUT.wasm
//
// Composed with the checker and an implementation (`wac plug`), `wasmtime
// run` runs it. It prints the same lines as the Rust client
// (../rust/src/lib.rs).
import * as buffer from 'wasm-by-example:linear-memory/buffer@0.1.0';

// What part 5 writes: bytes that cross from this component's memory into the
// implementation's by copy.
const MESSAGE = new TextEncoder().encode('crossed by copy');

export const run = {
  // Throwing makes `run` return `err`, and `wasmtime run` fail.
  run() {
    try {
      lesson();
    } catch (thrown) {
      const error = refusal(thrown);
      if (error) console.error(`error: the implementation refused a call: err(${wave(error)})`);
      throw thrown;
    }
  },
};

function lesson() {
  const pointer = buffer.getWasmMemoryBufferPointer();
  console.log(`The buffer is at address ${pointer} of the implementation's memory.`);

  buffer.storeValueInWasmMemoryBufferIndexZero(24);
  const bytes = list(buffer.read(0, 2));
  console.log(`Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> ${bytes}`);

  buffer.write(1, Uint8Array.of(25));
  const indexOne = buffer.readWasmMemoryBufferAndReturnIndexOne();
  console.log(`Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> ${indexOne}`);

  const before = buffer.memoryPages();
  const previous = buffer.growMemory(1);
  const after = buffer.memoryPages();
  console.log(`Part 3: memory-pages() -> ${before}; grow-memory(1) -> ok(${previous}); memory-pages() -> ${after}`);

  const len = buffer.bufferLen();
  console.log(`Part 4: load(${len}) -> ${answer(() => buffer.load(len))}`);

  const text = new TextDecoder().decode(MESSAGE);
  buffer.write(2, MESSAGE);
  const read = new TextDecoder().decode(buffer.read(2, MESSAGE.length));
  console.log(`Part 5: write(2, "${text}") -> ok; read(2, ${MESSAGE.length}) -> "${read}"`);
}

/** A call's `result` in WAVE. */
function answer(call) {
  try {
    return `ok(${call()})`;
  } catch (thrown) {
    const error = refusal(thrown);
    if (!error) throw thrown;
    return `err(${wave(error)})`;
  }
}

/** The `error` an `err` result was thrown as (ComponentizeJS throws it as the payload), if it was one. */
const refusal = (thrown) => ((thrown?.payload ?? thrown)?.tag ? (thrown.payload ?? thrown) : undefined);

const list = (bytes) => `[${Array.from(bytes).join(', ')}]`;

/** An `error` in WAVE, as `wasmtime run --invoke` prints one. */
function wave({ tag, val }) {
  const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const fields = Object.entries(val).map(([name, value]) => `${kebab(name)}: ${value}`);
  return `${tag}({${fields.join(', ')}})`;
}
