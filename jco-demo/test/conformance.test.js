// The contract's shared cases, wit/conformance.json, through jco's bindings:
// the same file the Rust tests read (runner/tests/all/conformance.rs).
//
// Every case runs on the workspace's component, and on each other
// implementation transpiled into a directory listed in
// LINEAR_MEMORY_TRANSPILED (colon-separated; interop/test adds the Go one).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { dispatch, expand } from './contract.js';
import { freshInstance } from '../src/node-instance.js';

const { cases } = JSON.parse(await readFile(new URL('../../wit/conformance.json', import.meta.url), 'utf8'));

test('the case file has its cases', () => assert.ok(cases.length >= 10));

const implementations = [['rust', undefined]].concat(
  (process.env.LINEAR_MEMORY_TRANSPILED ?? '')
    .split(':')
    .filter(Boolean)
    .map((dir) => [dir, pathToFileURL(`${dir}/`)]),
);

for (const [implementation, dir] of implementations) {
  for (const { name, calls } of cases) {
    test(`${implementation}: ${name}`, async () => {
      const { buffer } = await freshInstance(dir);
      calls.forEach((call, step) => {
        const got = dispatch(buffer, call);
        if ('expect' in call) {
          assert.deepEqual(got, expand(call.expect), `call ${step}: ${JSON.stringify(call).slice(0, 200)}`);
        }
      });
    });
  }
}
