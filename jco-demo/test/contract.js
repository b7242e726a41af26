// Calls into the component in the notation of wit/conformance.json, and a
// model of the contract in the same notation, shared by the conformance
// cases and the property test.
import { camel } from '../src/arguments.js';
import { kebab, refusal } from '../src/errors.js';
import { SIGNATURES } from '../generated/signatures.js';

/** The functions whose WIT result is `result<_, error>`: jco throws their `err`. */
export const RESULTS = new Set(
  Object.entries(SIGNATURES.functions)
    .filter(([, { result }]) => result?.startsWith('result<'))
    .map(([name]) => name),
);

/**
 * `value` written out in full: {"zeros": n} and {"ramp": n} as byte arrays,
 * {"$": name} (plus "+": n) as the value `bindings` holds for `name`.
 */
export function resolve(value, bindings = new Map()) {
  if (Array.isArray(value)) return value.map((v) => resolve(v, bindings));
  if (!value || typeof value !== 'object') return value;
  if ('$' in value) {
    if (!bindings.has(value.$)) throw new Error(`${value.$} is used before a call binds it`);
    return bindings.get(value.$) + (value['+'] ?? 0);
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'zeros') return new Array(value.zeros).fill(0);
  if (keys.length === 1 && keys[0] === 'ramp') return Array.from({ length: value.ramp }, (_, i) => i % 256);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, bindings)]));
}

/** A value jco returned, in the case file's notation. */
function plain(value) {
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

/** Makes `{ call, args }` on the component; returns its answer in the case file's notation. */
export function dispatch(buffer, { call, args }) {
  const list = (arg) => (arg instanceof Uint8Array ? arg : Uint8Array.from(resolve(arg)));
  const argv = args.map((arg) => (typeof arg === 'number' ? arg : list(arg)));
  const f = buffer[camel(call)];
  if (typeof f !== 'function') throw new Error(`unknown function ${call}`);
  if (!RESULTS.has(call)) return plain(f(...argv));
  try {
    return { ok: plain(f(...argv)) };
  } catch (thrown) {
    const error = refusal(thrown);
    if (!error) throw thrown;
    return { err: { [error.tag]: Object.fromEntries(Object.entries(error.val).map(([k, v]) => [kebab(k), v])) } };
  }
}

/**
 * The contract as plain JavaScript (runner/oracle/src/model.rs in Rust): a byte
 * array and bounds checks written independently of the component's.
 */
export class Model {
  constructor(len) {
    this.bytes = new Uint8Array(len);
  }

  /** The answer the contract requires for `{ call, args }`, in the case file's notation. */
  answer({ call, args }) {
    const [a, b] = args;
    switch (call) {
      case 'store-value-in-wasm-memory-buffer-index-zero':
        this.bytes[0] = a;
        return null;
      case 'read-wasm-memory-buffer-and-return-index-one':
        return this.bytes[1];
      case 'buffer-len':
        return this.bytes.length;
      case 'store':
        return this.#within(a, 1, () => {
          this.bytes[a] = b;
          return null;
        });
      case 'load':
        return this.#within(a, 1, () => this.bytes[a]);
      case 'write':
        return this.#within(a, b.length, () => {
          this.bytes.set(b, a);
          return null;
        });
      case 'read':
        return this.#within(a, b, () => Array.from(this.bytes.subarray(a, a + b)));
      default:
        throw new Error(`the model does not answer ${call}`);
    }
  }

  /** `{ ok: f() }` if `offset .. offset + len` lies in the buffer (exact in doubles), else `out-of-bounds`. */
  #within(offset, len, f) {
    if (offset + len > this.bytes.length) {
      return { err: { 'out-of-bounds': { offset, len, 'buffer-len': this.bytes.length } } };
    }
    return { ok: f() };
  }
}
