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
import { SIGNATURES } from '../generated/signatures.js';
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

/** An argument of a WIT type, edges likely; `pages` small, or past 4 GiB (jco sets no memory cap of its own). */
const argument = ({ name, type }) => {
  if (type === 'list<u8>') return bytes;
  if (type === 'u8') return fc.integer({ min: 0, max: 255 });
  if (name === 'pages') return fc.constantFrom(0, 1, 2, 3, 65536, U32_MAX);
  return name === 'len' ? length : position;
};

/** A number of type `type` cannot hold: jco would wrap it into range (arguments.js). */
const outOfRange = (type) => (type === 'u8' ? notU8 : notU32);

/**
 * The calls of every function the WIT declares (SIGNATURES, from
 * wit/conformance.json), each with arguments of its parameters' types; and
 * of every function with an integer parameter, with one argument its type
 * cannot hold, which must be refused before any call.
 */
const FUNCTIONS = Object.entries(SIGNATURES.functions);
const op = fc.oneof(
  ...FUNCTIONS.map(([name, { params }]) => ({
    weight: params.length ? 4 : 1,
    arbitrary: fc.tuple(...params.map(argument)).map((args) => ({ call: name, args })),
  })),
  ...FUNCTIONS.flatMap(([name, { params }]) => params
    .map((param, at) => [param, at])
    .filter(([{ type }]) => type !== 'list<u8>')
    .map(([{ type }, at]) => ({
      weight: 1,
      arbitrary: fc.tuple(...params.map((other, i) => (i === at ? outOfRange(type) : argument(other))))
        .map((args) => ({ call: name, args, bad: true })),
    }))),
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

/**
 * Every function called, every `result` seen both `ok` and refused, and
 * every function with an integer parameter refused before the call.
 */
const COMPLETE = FUNCTIONS.flatMap(([name, { params }]) => [
  ...(RESULTS.has(name) ? [`${name}: ok`, `${name}: refused`] : [`${name}: value`]),
  ...(params.some(({ type }) => type !== 'list<u8>') ? [`${name}: refused before the call`] : []),
]);

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
    t.diagnostic(`${RUNS} sequences, ${calls} calls, every answer allowed`);
  });
}
