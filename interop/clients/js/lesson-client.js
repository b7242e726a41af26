// The lesson-client world in JavaScript: the lesson, run through the buffer
// interface this component imports, with every answer checked.
//
// ComponentizeJS makes it a component (`node build.js`); composed with an
// implementation (`wac plug`), `wasmtime run` runs it. It prints the same
// lines as the Rust client (../rust/src/lib.rs).
import * as buffer from 'wasm-by-example:linear-memory/buffer@0.1.0';

// What part 5 writes: bytes that cross from this component's memory into the
// implementation's by copy.
const MESSAGE = new TextEncoder().encode('crossed by copy');

/** An answer the contract does not allow. */
class Broken extends Error {}

export const run = {
  // Throwing makes `run` return `err`, and `wasmtime run` fail.
  run() {
    try {
      lesson();
    } catch (error) {
      if (error instanceof Broken) console.error(`error: the contract is broken: ${error.message}`);
      throw error;
    }
  },
};

function lesson() {
  const pointer = buffer.getWasmMemoryBufferPointer();
  console.log(`The buffer is at address ${pointer} of the implementation's memory.`);

  buffer.storeValueInWasmMemoryBufferIndexZero(24);
  const bytes = expect('read(0, 2)', list(buffer.read(0, 2)), '[24, 0]');
  console.log(`Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> ${bytes}`);

  buffer.write(1, Uint8Array.of(25));
  const indexOne = expect('index 1', buffer.readWasmMemoryBufferAndReturnIndexOne(), 25);
  console.log(`Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> ${indexOne}`);

  const before = buffer.memoryPages();
  expect('grow-memory(1)', buffer.growMemory(1), before);
  const after = expect('memory-pages() after grow-memory(1)', buffer.memoryPages(), before + 1);
  expect('the pointer', buffer.getWasmMemoryBufferPointer(), pointer);
  console.log(`Part 3: memory-pages() -> ${before}; grow-memory(1) -> ok(${before}); memory-pages() -> ${after}`);

  const len = buffer.bufferLen();
  const error = refusal('load(buffer-len())', () => buffer.load(len));
  expect('load(buffer-len())', wave(error), `out-of-bounds({offset: ${len}, len: 1, buffer-len: ${len}})`);
  console.log(`Part 4: load(${len}) -> err(${wave(error)})`);

  const text = new TextDecoder().decode(MESSAGE);
  buffer.write(2, MESSAGE);
  expect('read(2, message)', new TextDecoder().decode(buffer.read(2, MESSAGE.length)), text);
  console.log(`Part 5: write(2, "${text}") -> ok; read(2, ${MESSAGE.length}) -> "${text}"`);
}

function expect(what, got, want) {
  if (got !== want) throw new Broken(`${what} is ${got}, expected ${want}`);
  return got;
}

/** The `error` value `call` was refused with (ComponentizeJS throws it as the payload). */
function refusal(what, call) {
  let value;
  try {
    value = call();
  } catch (thrown) {
    return thrown.payload ?? thrown;
  }
  throw new Broken(`${what} returned ${value}, expected an error`);
}

const list = (bytes) => `[${Array.from(bytes).join(', ')}]`;

/** An `error` in WAVE, as `wasmtime run --invoke` prints one. */
function wave({ tag, val }) {
  const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const fields = Object.entries(val).map(([name, value]) => `${kebab(name)}: ${value}`);
  return `${tag}({${fields.join(', ')}})`;
}
