// A call into the component, written to a log on the page: the call, its
// answer, and a refusal (the component's `error` value) as WAVE and as a
// sentence.
import { describe, refusal, wave } from './errors.js';

/** `text` as an HTML <code> element's source. */
export const code = (text) => `<code>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code>`;

/** A list of bytes the way WAVE writes it. */
export const list = (bytes) => `[${Array.from(bytes).join(', ')}]`;

/** A `result`'s `ok`, as WAVE. */
export const ok = (value) =>
  (value === undefined ? 'ok' : `ok(${value instanceof Uint8Array ? list(value) : value})`);

/** Adds an item with `html` to the list `log`. */
export function item(log, html, className) {
  const li = document.createElement('li');
  li.innerHTML = html;
  if (className) li.className = className;
  document.querySelector(log).append(li);
  return li;
}

/**
 * Calls `f` and writes the call and its answer to `log`. Returns the value,
 * or undefined if the call was refused or threw.
 */
export function call(log, text, f, format = String, note = '') {
  try {
    const value = f();
    item(log, `${code(text)} → ${code(format(value))}${note && `   ${note}`}`);
    return value;
  } catch (thrown) {
    const error = refusal(thrown);
    if (!error) {
      item(log, `${code(text)} → ${thrown.name}: ${thrown.message}`, 'error');
      return undefined;
    }
    item(log, `${code(text)} → ${code(`err(${wave(error)})`)}<br>${describe(error)}`, 'error');
    return undefined;
  }
}
