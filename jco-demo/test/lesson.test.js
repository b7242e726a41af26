// The seed lesson, its errors and its growth note, through jco's bindings and
// through the memory the instantiation hook captured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, refusal, wave } from '../src/errors.js';
import { MemoryView, hexRows } from '../src/memory-view.js';
import { freshInstance } from '../src/node-instance.js';

/** The `error` value `f` was refused with; fails if it was not refused. */
function refused(f) {
  try {
    f();
  } catch (thrown) {
    const error = refusal(thrown);
    assert.ok(error, `threw something else: ${thrown}`);
    return error;
  }
  assert.fail('the call was not refused');
}

test('part one: the component writes 24 at index 0, the page reads it in place and by copy', async () => {
  const { buffer, memory } = await freshInstance();
  buffer.storeValueInWasmMemoryBufferIndexZero(24);
  const pointer = buffer.getWasmMemoryBufferPointer();
  assert.equal(new Uint8Array(memory.buffer)[pointer + 0], 24);
  assert.deepEqual(buffer.read(0, 2), Uint8Array.of(24, 0));
});

test('part two: the page writes 25 at index 1, the component reads it', async () => {
  const { buffer, memory } = await freshInstance();
  buffer.write(1, Uint8Array.of(25));
  assert.equal(buffer.readWasmMemoryBufferAndReturnIndexOne(), 25);
  assert.equal(new Uint8Array(memory.buffer)[buffer.getWasmMemoryBufferPointer() + 1], 25);
});

test('the memory the hook captured holds exactly what read() copies', async () => {
  const { buffer, memory } = await freshInstance();
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
  buffer.write(1000, bytes);
  const pointer = buffer.getWasmMemoryBufferPointer();
  assert.deepEqual(new Uint8Array(memory.buffer, pointer + 1000, 300), bytes);
  assert.deepEqual(buffer.read(1000, 300), bytes);
});

test('a refusal is a typed error with a readable message, not [object Object]', async () => {
  const { buffer } = await freshInstance();
  const error = refused(() => buffer.load(65536));
  assert.deepEqual(error, { tag: 'out-of-bounds', val: { offset: 65536, len: 1, bufferLen: 65536 } });
  assert.equal(describe(error), 'index 65536 is outside the 65536-byte buffer (valid indices: 0 to 65535)');
  assert.equal(wave(error), 'out-of-bounds({offset: 65536, len: 1, buffer-len: 65536})');
  const range = refused(() => buffer.read(65535, 2));
  assert.equal(
    describe(range),
    'bytes 65535..65537 are outside the 65536-byte buffer (a range must end at or before 65536)',
  );
});

test('growing adds exactly the pages asked for; growing past 4 GiB is refused', async () => {
  const { buffer } = await freshInstance();
  for (const pages of [0, 1, 3]) {
    const before = buffer.memoryPages();
    assert.equal(buffer.growMemory(pages), before);
    assert.equal(buffer.memoryPages(), before + pages);
  }
  const current = buffer.memoryPages();
  const error = refused(() => buffer.growMemory(65536));
  assert.deepEqual(error, { tag: 'grow-refused', val: { currentPages: current, requestedPages: 65536 } });
  assert.equal(
    describe(error),
    `memory of ${current} pages could not grow by 65536 pages (a host limit, or past 4 GiB)`,
  );
});

test('growth detaches old views; MemoryView re-creates its own', async () => {
  const { buffer, memory } = await freshInstance();
  const view = new MemoryView(memory);
  const old = new Uint8Array(memory.buffer);
  const before = old.byteLength;
  buffer.growMemory(1);
  assert.equal(old.byteLength, 0, 'the old view is detached');
  assert.equal(view.bytes.byteLength, before + 65536);
  assert.equal(view.recreated, 1);
  assert.equal(view.bytes.byteLength, before + 65536);
  assert.equal(view.recreated, 1, 're-created once, not on every access');
  assert.equal(view.pages, before / 65536 + 1);
});

test('hexRows starts one row before the address, in whole rows, inside memory', () => {
  const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
  const rows = hexRows(bytes, 40, 3);
  assert.deepEqual(rows.map((row) => row.address), [16, 32, 48]);
  assert.deepEqual(rows[1].bytes.slice(0, 3), [32, 33, 34]);
  assert.deepEqual(hexRows(bytes, 0, 3).map((row) => row.address), [0, 16, 32]);
  assert.deepEqual(hexRows(bytes, 90, 3).map((row) => [row.address, row.bytes.length]), [[64, 16], [80, 16], [96, 4]]);
});
