// The JavaScript host's costs, the same in Node and in a browser: calls
// through jco's bindings against raw calls of the core module's exports, and
// bulk write/read against Uint8Array.set of the same size, the floor of both.

const SIZES = [64, 4096, 16384, 65536];

/** 11 batches of about 20 ms per row; or, quick, one short batch (see .ci/bench). */
const FULL = { samples: 11, sampleMs: 20 };
const QUICK = { samples: 1, sampleMs: 1 };

/** How long the calls through jco's glue run before the first of their rows is measured. */
const WARM_UP_MS = 500;

/** Median nanoseconds per call of `op`, over batches of about `plan.sampleMs`. */
function measure(op, plan = FULL) {
  const batch = batchFor(op, plan);
  return median(Array.from({ length: plan.samples }, () => sample(op, batch)));
}

/**
 * Median nanoseconds per call of `a` and of `b`, their batches taken in
 * turn (a, b, a, b, ...), so that whatever else the machine does in the
 * meantime weighs on both alike: the way to compare two builds of one call.
 */
function measurePair(a, b, plan = FULL) {
  const batch = batchFor(a, plan);
  batchFor(b, plan); // b's warm-up
  const samples = [[], []];
  for (let s = 0; s < plan.samples; s++) {
    samples[0].push(sample(a, batch));
    samples[1].push(sample(b, batch));
  }
  return samples.map(median);
}

/**
 * How many calls of `op` take about `plan.sampleMs`, after a warm-up: the
 * first calls include compiling and optimising (V8 compiles wasm functions
 * lazily), which would skew the batch size.
 */
function batchFor(op, { sampleMs }) {
  const warm = performance.now() + 2 * sampleMs;
  while (performance.now() < warm) op();
  for (let batch = 1; ; batch *= 2) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) op();
    const elapsed = performance.now() - started;
    if (elapsed >= sampleMs / 8) return Math.max(1, Math.round((batch * sampleMs) / elapsed));
  }
}

/** Nanoseconds per call of `op`, over one batch. */
function sample(op, batch) {
  const started = performance.now();
  for (let i = 0; i < batch; i++) op();
  return ((performance.now() - started) * 1e6) / batch;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
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
  const calls = callsOf(buffer, (value) => { sink ^= value; });
  warmUp(calls, quick);
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

/** The calls of the per-call rows, through `buffer`; what they return goes to `keep`. */
function callsOf(buffer, keep) {
  return {
    'bufferLen()': () => keep(buffer.bufferLen()),
    'store(5, 24)': () => buffer.store(5, 24),
    'load(5)': () => keep(buffer.load(5)),
    'storeValueInWasmMemoryBufferIndexZero(24)': () => buffer.storeValueInWasmMemoryBufferIndexZero(24),
    'getWasmMemoryBufferPointer()': () => keep(buffer.getWasmMemoryBufferPointer()),
    'readWasmMemoryBufferAndReturnIndexOne()': () => keep(buffer.readWasmMemoryBufferAndReturnIndexOne()),
  };
}

/**
 * Runs every call for a while, in turn. jco's glue is large, and the engine
 * optimises it in tiers, long after one row's own warm-up: the first row
 * measured would pay for that.
 */
function warmUp(calls, quick) {
  const until = performance.now() + (quick ? 1 : WARM_UP_MS);
  while (performance.now() < until) Object.values(calls).forEach((op) => op());
}

/**
 * The per-call rows of the production build: each call through the
 * bundled glue (`bundled`, an instance from it) against the same call
 * through jco's output as is (`asIs`), measured in turn in one process.
 * @param {{ buffer: object }} asIs from loadComponent, with jco's glue as is
 * @param {{ buffer: object }} bundled from loadComponent, with the bundled glue
 */
export function compareBuilds(asIs, bundled, quick = false) {
  let sink = 0;
  const keep = (value) => { sink ^= value; };
  const [before, after] = [callsOf(asIs.buffer, keep), callsOf(bundled.buffer, keep)];
  warmUp(before, quick);
  warmUp(after, quick);
  const rows = Object.keys(before).map((name) => {
    const [asIsNs, bundledNs] = measurePair(before[name], after[name], quick ? QUICK : FULL);
    return { group: 'per call, production build', name, path: 'jco bindings, bundled', bytes: null,
      ns_per_op: bundledNs, baseline: `as is: ${name}`, ratio: bundledNs / asIsNs, gb_per_s: null, floor: false };
  });
  if (sink === 0.5) console.log(sink); // keeps the results observable
  return rows;
}
