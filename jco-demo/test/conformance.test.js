// The contract's shared cases, wit/conformance.json, through jco's bindings:
// the same file the Rust tests read (runner/tests/all/conformance.rs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { dispatch, expand } from './contract.js';
import { freshInstance } from '../src/node-instance.js';

const { cases } = JSON.parse(await readFile(new URL('../../wit/conformance.json', import.meta.url), 'utf8'));

test('the case file has its cases', () => assert.ok(cases.length >= 10));

for (const { name, calls } of cases) {
  test(name, async () => {
    const { buffer } = await freshInstance();
    calls.forEach((call, step) => {
      const got = dispatch(buffer, call);
      if ('expect' in call) {
        assert.deepEqual(got, expand(call.expect), `call ${step}: ${JSON.stringify(call).slice(0, 200)}`);
      }
    });
  });
}
