// Every argument checked against its WIT type before a call is made.
//
// jco's glue lowers a number the way JavaScript converts it: a `u32` through
// ToUint32, so store(4294967296, 99) would store at index 0, and NaN, -1 or
// 1.5 would all become some valid index. A host that takes numbers from a
// person (a form field) or from anywhere else must refuse what the type
// cannot hold itself; `checked` does that for the whole `buffer` interface.
import { SIGNATURES } from '../generated/signatures.js';

/** A WIT name as jco's glue spells it: `grow-memory` is `growMemory`. */
export const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

/**
 * Each function's parameters, [{ name, type }], by jco's name for it, as
 * wit/linear-memory.wit declares them (scripts/build.js copies them from
 * wit/conformance.json, whose `functions` a test holds to the WIT).
 */
const PARAMETERS = Object.fromEntries(
  Object.entries(SIGNATURES.functions).map(([name, { params }]) => [camel(name), params]),
);

/** The largest value of each integer type. */
export const LARGEST = { u8: 255, u32: 2 ** 32 - 1 };

/**
 * Throws a RangeError that names the function, the parameter and its range,
 * unless `args` fit the types of `name`'s parameters.
 */
export function checkArguments(name, args) {
  const parameters = PARAMETERS[name];
  if (!parameters) throw new RangeError(`${name} is not a function of the buffer interface`);
  if (args.length !== parameters.length) {
    throw new RangeError(`${name} takes ${parameters.length} arguments, got ${args.length}`);
  }
  parameters.forEach(({ name: parameter, type }, i) => {
    const value = args[i];
    if (type === 'list<u8>') {
      if (!(value instanceof Uint8Array)) throw new RangeError(`${name}: ${parameter} must be a Uint8Array (a list<u8>)`);
      return;
    }
    if (!Number.isInteger(value) || value < 0 || value > LARGEST[type]) {
      throw new RangeError(`${name}: ${parameter} must be an integer from 0 to ${LARGEST[type]} (${type}), got ${String(value)}`);
    }
  });
}

/** `buffer`'s functions, each of which checks its arguments before it calls the component. */
export function checked(buffer) {
  return Object.fromEntries(
    Object.keys(PARAMETERS).map((name) => [name, (...args) => {
      checkArguments(name, args);
      return buffer[name](...args);
    }]),
  );
}
