// The JavaScript host's costs, the same in Node and in a browser: calls
// through jco's bindings against raw calls of the core module's exports, and
// bulk write/read against Uint8Array.set of the same size, the floor of both.

const SIZES = [64, 4096, 16384, 65536];

/** 11 batches of about 20 ms per row; or, quick, one short batch (see .ci/bench). */
const FULL = { samples: 11, sampleMs: 20 };
const QUICK = { samples: 1, sampleMs: 1 };

/** Median nanoseconds per call of `op`, over batches of about `plan.sampleMs`. */
function measure(op, { samples: SAMPLES, sampleMs: SAMPLE_MS } = FULL) {
  // Warm up first: the first calls include compiling and optimising (V8
  // compiles wasm functions lazily), which would skew the batch size.
  const warm = performance.now() + 2 * SAMPLE_MS;
  while (performance.now() < warm) op();
  let batch = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) op();
    const elapsed = performance.now() - started;
    if (elapsed >= SAMPLE_MS / 8) {
      batch = Math.max(1, Math.round((batch * SAMPLE_MS) / elapsed));
      break;
    }
    batch *= 2;
  }
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) op();
    samples.push(((performance.now() - started) * 1e6) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[SAMPLES >> 1];
}

/** How far a floor's target is shifted past a 4 KiB-aligned distance from its source. */
const TARGET_SHIFTS = [0, 64, 1024 + 64, 2048 + 64];

const human = (bytes) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

/**
 * Runs every case on one instance and returns rows for the report.
 * @param {{ buffer: object, core: WebAssembly.Exports }} component from loadComponent
 * @param {boolean} [quick] one short batch per row
 */
export function runCases({ buffer, core }, quick = false) {
  const rows = [];
  let sink = 0;
  const plan = quick ? QUICK : FULL;
  const nsPerOp = (op) => measure(op, plan);
  // A bulk row's baseline is its floor: the path copies each byte at least once, as the floor does.
  const row = (group, name, path, nsPerOp, baseline, bytes = null) =>
    rows.push({ group, name, path, bytes, ns_per_op: nsPerOp, baseline: baseline?.[0] ?? null,
      ratio: baseline ? nsPerOp / baseline[1] : null, gb_per_s: bytes ? bytes / nsPerOp : null,
      floor: Boolean(baseline && bytes) });

  const perCall = 'per call';
  const rawLen = core['wasm-by-example:linear-memory/buffer@0.1.0#buffer-len'];
  const raw = ['raw core export call: buffer-len', nsPerOp(() => { sink ^= rawLen(); })];
  row(perCall, raw[0], 'WebAssembly export', raw[1]);
  const calls = {
    'bufferLen()': () => { sink ^= buffer.bufferLen(); },
    'store(5, 24)': () => buffer.store(5, 24),
    'load(5)': () => { sink ^= buffer.load(5); },
    'storeValueInWasmMemoryBufferIndexZero(24)': () => buffer.storeValueInWasmMemoryBufferIndexZero(24),
    'getWasmMemoryBufferPointer()': () => { sink ^= buffer.getWasmMemoryBufferPointer(); },
    'readWasmMemoryBufferAndReturnIndexOne()': () => { sink ^= buffer.readWasmMemoryBufferAndReturnIndexOne(); },
  };
  for (const [name, op] of Object.entries(calls)) row(perCall, name, 'jco bindings', nsPerOp(op), raw);

  const bulk = 'bulk';
  for (const size of SIZES) {
    // The floor of every row: a copy into memory already there, `set` into targets at four
    // distances from the source (4 KiB-aliased copies run slower on many CPUs), the fastest.
    // `slice` (a fresh copy, as jco's read returns) is a row of its own, not a floor: what an
    // allocation costs in a garbage-collected heap depends on how fast the loop allocates, so a
    // slower path that allocates as much can come out ahead of it.
    const gap = Math.ceil(size / 4096) * 4096;
    const arena = new Uint8Array(gap + 4096 + size).fill(0xa5);
    const source = arena.subarray(0, size);
    const targets = TARGET_SHIFTS.map((shift) => arena.subarray(gap + shift, gap + shift + size));
    const set = [`Uint8Array.set ${human(size)}`,
      Math.min(...targets.map((target) => nsPerOp(() => target.set(source))))];
    row(bulk, set[0], 'Uint8Array.set, best of 4 alignments', set[1], null, size);
    row(bulk, `Uint8Array.slice ${human(size)}`, 'Uint8Array.slice: a fresh copy',
      nsPerOp(() => { sink ^= source.slice(0, size)[0]; }), set, size);
    row(bulk, `write ${human(size)}`, 'write: Uint8Array in (jco)', nsPerOp(() => buffer.write(0, source)), set, size);
    row(bulk, `read ${human(size)}`, 'read: Uint8Array out (jco)',
      nsPerOp(() => { sink ^= buffer.read(0, size)[0]; }), set, size);
  }
  if (sink === 0.5) console.log(sink); // keeps the results observable
  return rows;
}
