// Calls into the component in the notation of wit/conformance.json, for the
// conformance cases and the property test, and an implementation with the
// checker component (interop/checker, the contract's rules) in front of it.
import { readFile } from 'node:fs/promises';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { camel } from '../src/arguments.js';
import { loadComponent } from '../src/component.js';
import { freshInstance } from '../src/node-instance.js';
import { readToEnd } from '../src/read-stream.js';
import { kebab, refusal } from '../src/errors.js';
import { SIGNATURES } from '../generated/signatures.js';

/** The functions whose WIT result is `result<_, error>`: jco throws their `err`. */
export const RESULTS = new Set(
  Object.entries(SIGNATURES.functions)
    .filter(([, { result }]) => result?.startsWith('result<'))
    .map(([name]) => name),
);

/**
 * `value` written out in full: {"zeros": n}, {"ramp": n} and {"cycle": [bytes], "len": n} as byte arrays,
 * {"$": name} (times "*": m, plus "+": n) as the value `bindings` holds for `name`, counts included.
 */
export function resolve(value, bindings = new Map()) {
  if (Array.isArray(value)) return value.map((v) => resolve(v, bindings));
  if (!value || typeof value !== 'object') return value;
  if ('$' in value) {
    if (!bindings.has(value.$)) throw new Error(`${value.$} is used before a call binds it`);
    return bindings.get(value.$) * (value['*'] ?? 1) + (value['+'] ?? 0);
  }
  const count = (key) => resolve(value[key], bindings);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'zeros') return new Array(count('zeros')).fill(0);
  if (keys.length === 1 && keys[0] === 'ramp') return Array.from({ length: count('ramp') }, (_, i) => i % 256);
  if (keys.length === 2 && 'cycle' in value && 'len' in value) {
    return Array.from({ length: count('len') }, (_, i) => value.cycle[i % value.cycle.length]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, bindings)]));
}

/**
 * Whether a case applies to the implementation `bindings` were bound on: a
 * case marked "buffer-len-at-least" needs a buffer that long (the first case
 * binds its length as "len").
 */
export function applies(testCase, bindings) {
  const least = testCase['buffer-len-at-least'];
  return least === undefined || bindings.get('len') >= least;
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
    return err(thrown);
  }
}

/** A refusal jco threw, as the case file's `{"err": ...}`; anything else thrown again. */
function err(thrown) {
  const error = refusal(thrown);
  if (!error) throw thrown;
  return { err: { [error.tag]: Object.fromEntries(Object.entries(error.val).map(([k, v]) => [kebab(k), v])) } };
}

/**
 * Makes `{ call, args }` on an implementation of linear-memory-streams (its
 * `buffer` and `streams` exports), as the streams cases write it: a stream
 * argument is the bytes sent, then the stream's end; a stream result is the
 * bytes read from it to its end, with `read({count})`.
 */
export async function dispatchStreams({ buffer, streams }, { call, args }) {
  const bytes = (arg) => Uint8Array.from(resolve(arg));
  try {
    switch (call) {
      case 'write-via-stream':
        return { ok: await streams.writeViaStream(args[0], args[1], [bytes(args[2])]) };
      case 'write-ring-via-stream':
        // A u64 comes back as a BigInt; every count here is a safe integer.
        return Number(await streams.writeRingViaStream([bytes(args[0])]));
      case 'read-via-stream':
        return { ok: Array.from(await readToEnd(await streams.readViaStream(args[0], args[1]), args[1])) };
      default:
        return dispatch(buffer, { call, args });
    }
  } catch (thrown) {
    return err(thrown);
  }
}


/** The checker, transpiled by scripts/build.js. */
const CHECKER = new URL('../generated/checker/', import.meta.url);

// What the checker prints to stderr is caught with preview2-shim's browser
// build (plain JavaScript, whose createCli takes a sink); its Node build
// writes through an I/O worker, after the trap has already been thrown.
const SHIM = new URL('../node_modules/@bytecodealliance/preview2-shim/dist/browser/', import.meta.url);
const { createCli } = await import(new URL('cli.js', SHIM).href);
const io = await import(new URL('io.js', SHIM).href);

/**
 * An implementation (a directory of `jco transpile` output, as freshInstance
 * takes; or, for a test of the checker itself, any object with the buffer's
 * functions, and `streams`' if it has them) behind the checker: the same
 * functions, every answer held to the contract's rules. An answer they rule
 * out traps (a WebAssembly.RuntimeError), and `violation()` says which rule
 * it broke. The checker has no streams: each stream call is made here, on
 * the implementation, and reported to it (`observed-streams` in
 * wit/checker.wit) before its answer is returned.
 */
export async function behindTheChecker(implementation, streams = undefined) {
  const buffer = typeof implementation === 'object' && !(implementation instanceof URL)
    ? implementation
    : (await freshInstance(implementation)).buffer;
  const said = [];
  const decoder = new TextDecoder();
  const stderr = { write: (bytes) => said.push(decoder.decode(bytes)), blockingFlush() {} };
  const imports = {
    ...new WASIShim({ cli: createCli({ stderr }), io }).getImportObject(),
    'wasm-by-example:linear-memory/buffer': buffer,
  };
  const { instantiate } = await import(new URL('linear_memory_checker.js', CHECKER).href);
  const compileCore = async (path) => WebAssembly.compile(await readFile(new URL(path, CHECKER)));
  const checked = await loadComponent(compileCore, instantiate, imports);
  const violation = () => said.join('').trim();
  const observed = checked.root.observedStreams;
  return { buffer: checked.buffer, streams: streams && reported(streams, observed), observed, violation };
}

/** `sent`, one Uint8Array or an array of them (a stream's chunks, in order), as the chunks and their bytes. */
function chunked(sent) {
  const chunks = Array.isArray(sent) ? sent : [sent];
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.length), 0);
  return { chunks, bytes };
}

/**
 * `streams`, each call reported to the checker's `observed` with what was
 * sent (a Uint8Array, or an array of them sent as a stream's chunks, then
 * the stream's end) and what came back (a stream read to its end): the same
 * answer, or the same refusal thrown, if the rules allow it.
 */
function reported(streams, observed) {
  /** `f`'s answer as a WIT `result`, for the report. */
  const settle = async (f) => {
    try {
      return { tag: 'ok', val: await f() };
    } catch (thrown) {
      if (!refusal(thrown)) throw thrown;
      return { tag: 'err', val: refusal(thrown), thrown };
    }
  };
  const answered = ({ tag, val, thrown }) => {
    if (tag === 'err') throw thrown;
    return val;
  };
  return {
    async writeViaStream(offset, len, sent) {
      const { chunks, bytes } = chunked(sent);
      const answer = await settle(() => streams.writeViaStream(offset, len, chunks));
      observed.writeViaStream(offset, len, bytes, { tag: answer.tag, val: answer.val });
      return answered(answer);
    },
    async writeRingViaStream(sent) {
      const { chunks, bytes } = chunked(sent);
      const count = await streams.writeRingViaStream(chunks);
      observed.writeRingViaStream(bytes, count);
      return count;
    },
    async readViaStream(offset, len) {
      const answer = await settle(async () => readToEnd(await streams.readViaStream(offset, len), len));
      observed.readViaStream(offset, len, { tag: answer.tag, val: answer.val });
      return answered(answer);
    },
  };
}
