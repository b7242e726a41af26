// What a person types into the page's fields, checked before any call: a
// field that does not hold what its WIT parameter can take gets one message
// next to it, and the call is not made.
//
// The buffer's functions check their arguments too (arguments.js), for any
// caller; this is the page's own check, which can name the field and say
// what to type instead.
import { LARGEST } from './arguments.js';

/**
 * Reads `names` from `form` with `parsers` (name -> (text) => value, or a
 * thrown message). Marks each field: its message next to it, and
 * `aria-invalid`. Returns the values by name, or undefined if any failed.
 */
export function readFields(form, parsers) {
  let values = {};
  for (const [name, parse] of Object.entries(parsers)) {
    const input = form.elements[name];
    const message = document.getElementById(input.getAttribute('aria-describedby'));
    try {
      const value = parse(input.value.trim());
      if (values) values[name] = value;
      input.removeAttribute('aria-invalid');
      message.textContent = '';
    } catch (error) {
      values = undefined;
      input.setAttribute('aria-invalid', 'true');
      message.textContent = error.message;
    }
  }
  return values;
}

/** Clears every field's message in `form`. */
export function clearFields(form) {
  for (const input of form.querySelectorAll('[aria-describedby]')) {
    input.removeAttribute('aria-invalid');
    document.getElementById(input.getAttribute('aria-describedby')).textContent = '';
  }
}

/** A parser for an integer of WIT type `type` ('u8' or 'u32'). */
export const integer = (type) => (text) => {
  if (!/^\d+$/.test(text)) throw new Error(`a whole number from 0 to ${LARGEST[type]}`);
  const value = Number(text);
  if (value > LARGEST[type]) throw new Error(`at most ${LARGEST[type]} (${type})`);
  return value;
};

/** A parser for a list of bytes, at most `most` of them. */
export const byteList = (most) => (text) => {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const bad = parts.find((part) => !/^\d+$/.test(part) || Number(part) > 255);
  if (bad !== undefined) throw new Error(`${bad} is not a byte: numbers from 0 to 255`);
  if (parts.length > most) throw new Error(`${parts.length} bytes: the buffer holds ${most}`);
  return Uint8Array.from(parts, Number);
};
