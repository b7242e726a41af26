// The streams section: the streams component (linear-memory-streams) moving
// bytes through `stream<u8>` beside buffer's `write`, each call timed in the
// page, and where in its memory the bytes are afterwards.
//
// The model's promise for a stream is one copy per byte, straight between
// two buffers; what jco's glue does in JavaScript to get there is shown in
// the times (README.md, section 4).
import { code, item, list, ok } from './calls.js';
import { describe, refusal, wave } from './errors.js';
import { fillHexTable } from './hex-table.js';
import { MemoryView, hex } from './memory-view.js';
import { readToEnd } from './read-stream.js';

const LOG = '#stream-results';
const ROWS = 4;

/**
 * Fewer bytes than this are too few to tell a copy from chance (the runner's
 * SHORTEST_TRACE); of more, the middle KiB is looked for, clear of the words
 * an allocator writes at the edges of a block it frees.
 */
const SHORTEST_TRACE = 16;
const TRACE = 1024;

/** Every address at which `needle` starts in `bytes`. */
export function occurrences(bytes, needle) {
  const found = [];
  for (let at = bytes.indexOf(needle[0]); at >= 0; at = bytes.indexOf(needle[0], at + 1)) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i += 1;
    if (i === needle.length) found.push(at);
  }
  return found;
}

/** The part of `bytes` looked for in memory, and where in `bytes` it starts. */
function middle(bytes) {
  const start = Math.floor(Math.max(0, bytes.length - TRACE) / 2);
  return [start, bytes.subarray(start, start + TRACE)];
}

/** A stream a browser makes: `bytes` in one chunk, then its end. */
function readableOf(bytes) {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** How long `since` (a performance.now()) was, for people. */
function took(since) {
  const ms = performance.now() - since;
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`;
}

export class StreamsView {
  /** The buffer offset the view shows, and addresses the last write's bytes were found at. */
  #focus = 0;
  #found = new Set();

  /** @param {Awaited<ReturnType<import('./component.js').loadComponent>>} component */
  constructor(component) {
    this.buffer = component.buffer;
    this.streams = component.streams;
    this.view = new MemoryView(component.memory);
    this.pointer = this.buffer.getWasmMemoryBufferPointer();
    this.bufferLen = this.buffer.bufferLen();
    this.render();
  }

  /** Redraws the memory around the buffer offset last called. */
  render() {
    const { pointer, bufferLen } = this;
    const inBuffer = (at) => at >= pointer && at < pointer + bufferLen;
    const classify = (at) => [
      ...(inBuffer(at) ? ['in-buffer'] : []),
      ...(this.#found.has(at) ? ['passed'] : []),
    ];
    const title = (at) => `address ${at}` + (inBuffer(at) ? `, buffer[${at - pointer}]` : '');
    fillHexTable(document.querySelector('#stream-inspector'), this.view.bytes, pointer + this.#focus, ROWS,
      classify, title);
  }

  /** `write-via-stream(offset, len, a ReadableStream of bytes)`. */
  writeViaStream({ offset, len, bytes }) {
    // The component stores the first `n` bytes the stream carried: the count it answers.
    return this.#timed(`writeViaStream(${offset}, ${len}, ReadableStream of ${list(bytes)})`, offset,
      (n) => bytes.subarray(0, n), () => this.streams.writeViaStream(offset, len, readableOf(bytes)),
      (n) => ok(n));
  }

  /** buffer's `write(offset, bytes)`, the list way, to compare. */
  write({ offset, bytes }) {
    return this.#timed(`write(${offset}, ${list(bytes)})`, offset, () => bytes,
      async () => this.buffer.write(offset, bytes), ok);
  }

  /** `read-via-stream(offset, len)`, then the stream read to its end with `read({count})`. */
  readViaStream({ offset, len }) {
    return this.#timed(`readViaStream(${offset}, ${len}), read to its end`, offset, undefined,
      async () => readToEnd(await this.streams.readViaStream(offset, len), len), ok);
  }

  /**
   * Makes `f`'s call, timed, and logs it; for a write (`stored` given: the
   * bytes the call's value says it stored), also where in memory those bytes
   * are now. Returns the value, or undefined if the call was refused.
   */
  async #timed(text, offset, stored, f, format) {
    if (offset < this.bufferLen) this.#focus = offset;
    const since = performance.now();
    try {
      const value = await f();
      const time = took(since);
      const where = stored ? `<br>${this.#where(offset, stored(value))}` : '';
      item(LOG, `${code(text)} → ${code(format(value))} in ${time}${where}`);
      return value;
    } catch (thrown) {
      const error = refusal(thrown);
      if (!error) throw thrown;
      item(LOG, `${code(text)} → ${code(`err(${wave(error)})`)} in ${took(since)}<br>${describe(error)}`, 'error');
      return undefined;
    } finally {
      this.render();
    }
  }

  /** Where `stored`, the bytes a write just stored at `offset`, are in the component's memory: shown, not judged. */
  #where(offset, stored) {
    this.#found = new Set();
    const what = `the ${stored.length} bytes stored`;
    if (stored.length < SHORTEST_TRACE) {
      return `Beneath the model: ${what} are too few to tell a copy from chance; the page looks for ${SHORTEST_TRACE} or more`;
    }
    const [start, needle] = middle(stored);
    const inBuffer = this.pointer + offset + start;
    const found = occurrences(this.view.bytes, needle);
    if (found.length === 0) return `Beneath the model, ${what} are nowhere in memory`;
    for (const at of found) for (let i = 0; i < needle.length; i += 1) this.#found.add(at + i);
    const places = found.map((at) => `0x${hex(at, 8)}${at === inBuffer ? ' (the buffer)' : ''}`);
    const outside = found.filter((at) => at !== inBuffer).length;
    const looked = start === 0 ? what : `the middle ${needle.length} of ${what}`;
    return `Beneath the model, ${looked} are in memory at ${places.join(', ')}: ` +
      `${outside === 0 ? 'the buffer only' : `${outside} outside the buffer`}`;
  }
}
