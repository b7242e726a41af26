// The checker component (interop/checker) in front of implementations that
// lie: JavaScript objects that answer as the workspace's component does,
// except for one function. Each lie traps with the rule it broke; the honest
// one's answers, refusals included, come through unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { behindTheChecker } from './contract.js';
import { freshInstance } from '../src/node-instance.js';

const REFUSED_LOAD = { tag: 'out-of-bounds', val: { offset: 65536, len: 1, bufferLen: 65536 } };

/** The workspace's component, with `lies` in place of its functions. */
async function lying(lies = {}) {
  const { buffer } = await freshInstance();
  return behindTheChecker({ ...buffer, ...lies });
}

/** Runs the lesson's calls; returns what the checker said when one trapped. */
function lesson({ buffer, violation }) {
  try {
    buffer.storeValueInWasmMemoryBufferIndexZero(24);
    buffer.read(0, 2);
    buffer.growMemory(1);
    buffer.getWasmMemoryBufferPointer();
    let refused;
    try {
      buffer.load(65536);
    } catch (error) {
      if (!error.payload) throw error;
      refused = error.payload;
    }
    assert.deepEqual(refused, REFUSED_LOAD);
    return undefined;
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    return violation();
  }
}

const broke = (rule) => `error: the implementation broke the contract: ${rule}`;

test('an honest implementation: every answer, refusals included, comes through', async () => {
  const checked = await lying();
  assert.equal(lesson(checked), undefined);
  assert.deepEqual(Array.from(checked.buffer.read(0, 2)), [24, 0]);
});

test('a lie is a trap, with the rule it broke', async () => {
  const pages = (await freshInstance()).buffer.memoryPages();
  const lies = [
    [{ read: () => Uint8Array.of(24, 0, 0) }, 'read(0, 2) returned ok([24, 0, 0]), expected ok([24, 0])'],
    [{ growMemory: () => 0 }, `grow-memory(1) returned ok(0), expected ok(${pages})`],
    [{ load: () => 7 }, `load(65536) returned ok(7), expected err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))`],
  ];
  for (const [lie, rule] of lies) {
    assert.equal(lesson(await lying(lie)), broke(rule), Object.keys(lie)[0]);
  }
});

test('a pointer that moves is caught on the next call that asks', async () => {
  let pointer = 1024;
  const checked = await lying({ getWasmMemoryBufferPointer: () => pointer++ });
  assert.equal(lesson(checked), broke('get-wasm-memory-buffer-pointer() returned 1025, expected 1024'));
});
