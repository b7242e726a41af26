// The contract's shared cases, wit/conformance.json, through jco's bindings:
// the same file the Rust tests read (runner/tests/all/conformance.rs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { kebab, refusal } from '../src/errors.js';
import { freshInstance } from './instance.js';

const { cases } = JSON.parse(await readFile(new URL('../../wit/conformance.json', import.meta.url), 'utf8'));

/** The functions whose WIT result is `result<_, error>`: jco throws their `err`. */
const RESULTS = new Set(['store', 'load', 'write', 'read', 'grow-memory']);

const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

/** `value` with every {"zeros": n} and {"ramp": n} written out in full. */
function expand(value) {
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'zeros') return new Array(value.zeros).fill(0);
    if (keys.length === 1 && keys[0] === 'ramp') return Array.from({ length: value.ramp }, (_, i) => i % 256);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  }
  return value;
}

/** A value jco returned, in the case file's notation. */
function plain(value) {
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

function dispatch(buffer, { call, args }) {
  const argv = args.map((arg) => (typeof arg === 'object' ? Uint8Array.from(expand(arg)) : arg));
  const f = buffer[camel(call)];
  assert.equal(typeof f, 'function', `the case file calls an unknown function ${call}`);
  if (!RESULTS.has(call)) return plain(f(...argv));
  try {
    return { ok: plain(f(...argv)) };
  } catch (thrown) {
    const error = refusal(thrown);
    if (!error) throw thrown;
    return { err: { [error.tag]: Object.fromEntries(Object.entries(error.val).map(([k, v]) => [kebab(k), v])) } };
  }
}

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
