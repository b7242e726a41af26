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

const broke = (rule) => 'error: the stream call the host reported broke the contract (the implementation\'s answer, ' +
  `or the host's report of it, is wrong): ${rule}`;
// A buffer call the checker made itself, once the host has reported stream calls.
const brokeBuffer = (rule) => 'error: the implementation broke the contract, or a stream call the host reported ' +
  `was not as reported: ${rule}`;

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
    const line = rule.startsWith('read(') ? brokeBuffer(rule) : broke(rule);
    assert.equal(await streamCalls(await lying(lie)), line, rule.slice(0, 40));
  }
});

/** `bytes` cut into pieces of 1, 7, 1000 and 4093 bytes, round and round. */
function oddPieces(bytes) {
  const sizes = [1, 7, 1000, 4093];
  const pieces = [];
  for (let at = 0, i = 0; at < bytes.length; at += sizes[i % sizes.length], i += 1) {
    pieces.push(bytes.subarray(at, at + sizes[i % sizes.length]));
  }
  return pieces;
}

test('streams sent in odd pieces land where the rules say, though a round ends inside a piece', async () => {
  const { buffer, streams, violation } = await lying();
  const sent = Uint8Array.from({ length: 20000 }, (_, i) => (i * 7) % 251);
  // Two and a half rounds: each round's end (65536, 131072) falls inside a 4093-byte piece.
  const ring = Uint8Array.from({ length: 163840 }, (_, k) => (k * 13 + (k >> 16)) % 256);
  try {
    assert.equal(await streams.writeViaStream(3, 20000, oddPieces(sent)), 20000);
    assert.deepEqual(buffer.read(3, 20000), sent);
    assert.equal(await streams.writeRingViaStream(oddPieces(ring)), 163840n);
    // Read through the checker, which holds each byte to the ring's rule too.
    const last = [...ring.subarray(131072), ...ring.subarray(98304, 131072)];
    assert.deepEqual(Array.from(buffer.read(0, 65536)), last);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    assert.fail(violation());
  }
});

test('cancelled stream calls the host reports: what arrived is held; a wrong report is named as a cause', async () => {
  const { buffer: implementation, streams } = await freshInstance(STREAMS);
  const { buffer, observed, violation } = await behindTheChecker(implementation, streams);
  const text = (word) => new TextEncoder().encode(word);
  // jco's streams cannot cancel a call. A call whose stream ends after "half"
  // leaves the buffer as one cancelled after those 4 bytes of 8 would; made
  // on the implementation unreported, it is reported as that cancel.
  assert.equal(await streams.writeViaStream(32, 4, [text('half')]), 4);
  observed.writeViaStreamCancelled(32, 8, text('half'));
  assert.deepEqual(buffer.read(32, 8), Uint8Array.of(...text('half'), 0, 0, 0, 0));
  assert.equal(await streams.writeRingViaStream([text('ring')]), 4n);
  observed.writeRingViaStreamCancelled(text('ring'));
  assert.deepEqual(buffer.read(0, 4), text('ring'));

  // A report of bytes the implementation never took: the next read differs,
  // and the line names the report as a possible cause.
  observed.writeViaStreamCancelled(32, 8, text('halt'));
  assert.throws(() => buffer.read(32, 8), WebAssembly.RuntimeError);
  assert.equal(violation(), 'error: the implementation broke the contract, or a stream call the host reported ' +
    'was not as reported: read(32, 8) returned ok([104, 97, 108, 102, 0, 0, 0, 0]), expected ok([104, 97, 108, 116, 0, 0, 0, 0])');

  // A report no call could match: the host's.
  const other = await lying();
  assert.throws(() => other.observed.writeViaStreamCancelled(65534, 4, text('half')), WebAssembly.RuntimeError);
  assert.equal(other.violation(), 'error: the host\'s report cannot be true: write-via-stream(65534, 4, <stream>) ' +
    'cancelled after 4 bytes were taken, but its range is outside the buffer: none can be');
});
