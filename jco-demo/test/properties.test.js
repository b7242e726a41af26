// Property test: random call sequences, edges and wild arguments included
// (numbers their WIT type cannot hold among them, which must be refused
// before any call), on every implementation (through jco) with the checker
// component in front of it: the contract's rules (wit/rules) hold every
// answer, and an answer they rule out fails with the rule it broke. So does
// a run that did not call every function, or did not see every `result`
// come back both `ok` and `err`. The Rust twin is
// runner/tests/all/properties.rs.
//
// CI runs 120 sequences of 1 to 200 calls per implementation (about 10 000
// calls); the long mode runs about a million, one implementation per Node
// process (runner/tests/README.md gives the command).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RESULTS, behindTheChecker, dispatch } from './contract.js';
import { IMPLEMENTATIONS } from './implementations.js';

const LEN = 65536;
const U32_MAX = 2 ** 32 - 1;
const RUNS = Number(process.env.FC_NUM_RUNS ?? 120);

const weighted = (...pairs) => fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** An offset or index: mostly near the edges (0, the end, u32::MAX). */
const position = weighted(
  [3, fc.integer({ min: 0, max: 63 })],
  [3, fc.integer({ min: LEN - 64, max: LEN + 63 })],
  [1, fc.integer({ min: U32_MAX - 64, max: U32_MAX })],
  [2, fc.integer({ min: 0, max: LEN - 1 })],
  [2, fc.integer({ min: 0, max: U32_MAX })],
);
const length = weighted([3, fc.integer({ min: 0, max: 31 })], [1, position]);
const bytes = weighted(
  [6, fc.uint8Array({ maxLength: 32 })],
  [2, fc.uint8Array({ maxLength: 4096, size: 'max' })],
  [1, fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(LEN, LEN + 1, 100_000))
    .map(([byte, n]) => new Uint8Array(n).fill(byte))],
);

/** Numbers a WIT integer type cannot hold: jco would wrap each into range (arguments.js). */
const notA = (largest) => fc.oneof(
  fc.integer({ min: largest + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
  fc.double({ noInteger: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 32, 2 ** 32 + 1, -0.5),
);
const notU32 = notA(U32_MAX);
const notU8 = notA(255);

const call = (name, ...args) => ({ call: name, args });
/** A call with an argument its type cannot hold: refused before it reaches the component. */
const bad = (name, ...args) => ({ call: name, args, bad: true });
const op = weighted(
  [1, fc.integer({ min: 0, max: 255 }).map((v) => call('store-value-in-wasm-memory-buffer-index-zero', v))],
  [1, fc.constant(call('get-wasm-memory-buffer-pointer'))],
  [1, fc.constant(call('read-wasm-memory-buffer-and-return-index-one'))],
  [1, fc.constant(call('buffer-len'))],
  [1, fc.constant(call('memory-pages'))],
  [4, fc.tuple(position, fc.integer({ min: 0, max: 255 })).map(([i, v]) => call('store', i, v))],
  [4, position.map((i) => call('load', i))],
  [4, fc.tuple(position, bytes).map(([o, b]) => call('write', o, b))],
  [4, fc.tuple(position, length).map(([o, n]) => call('read', o, n))],
  // Small growth, or requests past 4 GiB (jco sets no memory cap of its own).
  [1, fc.constantFrom(0, 1, 2, 3, 65536, U32_MAX).map((pages) => call('grow-memory', pages))],
  [3, fc.oneof(
    fc.tuple(notU32, fc.integer({ min: 0, max: 255 })).map(([i, v]) => bad('store', i, v)),
    fc.tuple(position, notU8).map(([i, v]) => bad('store', i, v)),
    notU8.map((v) => bad('store-value-in-wasm-memory-buffer-index-zero', v)),
    notU32.map((i) => bad('load', i)),
    fc.tuple(notU32, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([o, b]) => bad('write', o, b)),
    fc.tuple(notU32, length).map(([o, n]) => bad('read', o, n)),
    fc.tuple(position, notU32).map(([o, n]) => bad('read', o, n)),
    notU32.map((pages) => bad('grow-memory', pages)),
  )],
);

/** Makes one call through the checker; returns what kind of answer it got. */
function check({ buffer, violation }, op) {
  if (op.bad) {
    assert.throws(() => dispatch(buffer, op), RangeError, JSON.stringify(op));
    return 'refused before the call';
  }
  try {
    return answer(op, dispatch(buffer, op));
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) assert.fail(violation() || error.message);
    throw error;
  }
}

/** What kind of answer a call got: 'value', or a result's 'ok' or 'refused'. */
function answer(op, got) {
  if (!RESULTS.has(op.call)) return 'value';
  return 'ok' in got ? 'ok' : 'refused';
}

/** Every function called, and every `result` seen both `ok` and refused. */
const COMPLETE = [
  ...['store-value-in-wasm-memory-buffer-index-zero', 'get-wasm-memory-buffer-pointer',
    'read-wasm-memory-buffer-and-return-index-one', 'buffer-len', 'memory-pages'].map((f) => `${f}: value`),
  ...[...RESULTS].flatMap((f) => [`${f}: ok`, `${f}: refused`]),
  ...['store', 'store-value-in-wasm-memory-buffer-index-zero', 'load', 'write', 'read', 'grow-memory']
    .map((f) => `${f}: refused before the call`),
];

for (const [implementation, dir] of IMPLEMENTATIONS) {
  test(`${implementation}: agrees with the contract on random call sequences`, async (t) => {
    let calls = 0;
    const seen = new Set();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 200, size: 'max' }), async (ops) => {
        const checked = await behindTheChecker(dir);
        for (const op of ops) {
          seen.add(`${op.call}: ${check(checked, op)}`);
          calls += 1;
        }
      }),
      { numRuns: RUNS },
    );
    assert.deepEqual(COMPLETE.filter((outcome) => !seen.has(outcome)), [], 'outcomes never seen');
    t.diagnostic(`${RUNS} sequences, ${calls} calls, no divergence`);
  });
}
