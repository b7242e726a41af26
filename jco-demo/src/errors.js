// The component's `error` values, for people: jco throws a ComponentError
// whose `payload` is the WIT variant `{ tag, val }`, and whose own message is
// "[object Object] (see error.payload)".

/** The `error` variant a component call was refused with, or undefined if `thrown` is not one. */
export function refusal(thrown) {
  if (thrown && typeof thrown === 'object' && 'payload' in thrown) return thrown.payload;
  return undefined;
}

/** The same sentence the Rust runner prints for `error` (`describe` in runner/src/error.rs). */
export function describe(error) {
  switch (error.tag) {
    case 'out-of-bounds': {
      const { offset, len, bufferLen } = error.val;
      if (len === 1) {
        const last = Math.max(bufferLen - 1, 0);
        return `index ${offset} is outside the ${bufferLen}-byte buffer (valid indices: 0 to ${last})`;
      }
      return `bytes ${offset}..${offset + len} are outside the ${bufferLen}-byte buffer ` +
        `(a range must end at or before ${bufferLen})`;
    }
    case 'grow-refused': {
      const { currentPages, requestedPages } = error.val;
      return `memory of ${currentPages} pages could not grow by ${requestedPages} pages (a host limit, or past 4 GiB)`;
    }
    default:
      return `unknown error ${JSON.stringify(error)}`;
  }
}

/** The `error` value in WAVE, as `wasmtime run --invoke` and the runner print it. */
export function wave(error) {
  const fields = Object.entries(error.val)
    .map(([name, value]) => `${kebab(name)}: ${value}`)
    .join(', ');
  return `${error.tag}({${fields}})`;
}

/** jco's camelCase field name as WIT spells it: bufferLen -> buffer-len. */
export function kebab(name) {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
