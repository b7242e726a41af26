// The checker component (interop/checker) holding the streams component's
// stream calls to the contract in Node: the component itself, then with one
// of its `streams` functions replaced by a JavaScript one that lies. The
// checker has no streams: each call is made on the component and reported
// to the checker (`observed-streams`), then its bytes are read back through
// the checker's `buffer`. Each lie traps with the rule it broke.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { behindTheChecker } from './contract.js';
import { freshInstance } from '../src/node-instance.js';

const STREAMS = new URL('../generated/rust-streams/', import.meta.url);

/** 32 bytes, 100 to 131, and a ring of 65540 bytes going round 1, 2, 3. */
const SENT = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
const RING = Uint8Array.from({ length: 65540 }, (_, i) => (i % 3) + 1);

/**
 * The streams component behind the checker, with the functions `lies` makes
 * (from the component's own `streams`) in place of its stream functions.
 */
async function lying(lies = () => ({})) {
  const { buffer, streams } = await freshInstance(STREAMS);
  return behindTheChecker(buffer, { ...streams, ...lies(streams) });
}

/** Stream calls, each read back through the checked buffer; what the checker said when one trapped. */
async function streamCalls({ buffer, streams, violation }) {
  try {
    assert.equal(await streams.writeViaStream(0, 32, SENT), 32);
    buffer.read(0, 64);
    assert.deepEqual(await streams.readViaStream(0, 32), SENT);
    assert.equal(await streams.writeRingViaStream(RING), 65540n);
    buffer.read(0, 8);
    const refused = await streams.readViaStream(65530, 32).then(() => undefined, (error) => {
      if (!error.payload) throw error;
      return error.payload;
    });
    assert.deepEqual(refused, { tag: 'out-of-bounds', val: { offset: 65530, len: 32, bufferLen: 65536 } });
    return undefined;
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    return violation();
  }
}

const broke = (rule) => `error: the implementation broke the contract: ${rule}`;

/** A stream the component returns, each byte read from it changed. */
const flipped = (stream) => ({
  read: async (options) => {
    const next = await stream.read(options);
    return next.done ? next : { value: next.value.map((byte) => byte ^ 1), done: false };
  },
});

test('the streams component behind the checker: every stream call and its bytes hold', async () => {
  const checked = await lying();
  assert.equal(await streamCalls(checked), undefined);
  assert.deepEqual(Array.from(checked.buffer.read(0, 4)), [2, 3, 1, 2], 'byte k of the ring at k % 65536');
});

test('a stream lie is a trap, with the rule it broke', async () => {
  const lies = [
    [(streams) => ({ writeViaStream: async (...args) => (await streams.writeViaStream(...args)) + 1 }),
      'write-via-stream(0, 32, <stream of 32 bytes>) returned ok(33), expected ok(32)'],
    [(streams) => ({
      writeViaStream: (offset, len, [sent]) => streams.writeViaStream(offset, len, [sent.map((b) => b ^ 1)]),
    }), 'read(0, 64) returned ok([101, 100, 103, 102, 105, 104, 107, 106, 109, 108, 111, 110, 113, 112, 115, 114, ' +
      '... 48 more]), expected ok([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, ' +
      '... 48 more])'],
    [(streams) => ({ writeRingViaStream: async (data) => (await streams.writeRingViaStream(data)) - 1n }),
      'write-ring-via-stream(<stream of 65540 bytes>) returned 65539, expected 65540'],
    [(streams) => ({ readViaStream: async (offset, len) => flipped(await streams.readViaStream(offset, len)) }),
      'read-via-stream(0, 32) carried 101 at byte 0, expected 100 (the byte at 0)'],
    [(streams) => ({ readViaStream: (offset, len) => streams.readViaStream(Math.min(offset, 65536 - len), len) }),
      'read-via-stream(65530, 32) returned ok([3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, ... 16 more]), ' +
      'expected err(out-of-bounds({offset: 65530, len: 32, buffer-len: 65536}))'],
  ];
  for (const [lie, rule] of lies) {
    assert.equal(await streamCalls(await lying(lie)), broke(rule), rule.slice(0, 40));
  }
});
