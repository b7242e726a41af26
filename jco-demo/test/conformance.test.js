// The contract's shared cases, wit/conformance.json, through jco's bindings,
// on every implementation: the same file the Rust tests read
// (runner/tests/all/conformance.rs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { applies, dispatch, dispatchStreams, resolve } from './contract.js';
import { IMPLEMENTATIONS } from './implementations.js';
import { freshInstance } from '../src/node-instance.js';

const { cases, streams } = JSON.parse(await readFile(new URL('../../wit/conformance.json', import.meta.url), 'utf8'));

for (const [implementation, dir] of IMPLEMENTATIONS) {
  test(`${implementation}: every case of wit/conformance.json`, async (t) => {
    // Names bound by one case hold for the later ones (see the file's description).
    const bindings = new Map();
    for (const testCase of cases) {
      const { name, calls } = testCase;
      await t.test(name, { skip: !applies(testCase, bindings) && 'the buffer is too short' }, async () => {
        const { buffer } = await freshInstance(dir);
        calls.forEach((call, step) => {
          const got = dispatch(buffer, { call: call.call, args: resolve(call.args, bindings) });
          if ('expect' in call) {
            assert.deepEqual(got, resolve(call.expect, bindings), `call ${step}: ${JSON.stringify(call).slice(0, 200)}`);
          }
          if ('bind' in call) bindings.set(call.bind, got);
        });
      });
    }
  });
}

// The streams component (linear-memory-streams) on both interfaces' cases:
// jco's glue runs its async exports with JSPI, so this needs Node 24.
const STREAMS = new URL('../generated/rust-streams/', import.meta.url);

test('rust-streams: every case of wit/conformance.json, the streams cases too', async (t) => {
  const bindings = new Map();
  for (const testCase of [...cases, ...streams.cases]) {
    const { name, calls } = testCase;
    await t.test(name, { skip: !applies(testCase, bindings) && 'the buffer is too short' }, async () => {
      const component = await freshInstance(STREAMS);
      for (const [step, call] of calls.entries()) {
        const got = await dispatchStreams(component, { call: call.call, args: resolve(call.args, bindings) });
        if ('expect' in call) {
          assert.deepEqual(got, resolve(call.expect, bindings), `call ${step}: ${JSON.stringify(call).slice(0, 200)}`);
        }
        if ('bind' in call) bindings.set(call.bind, got);
      }
    });
  }
});
