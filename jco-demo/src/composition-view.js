// A composition on the page: a lesson client composed with the checker in
// front of an implementation, run once; what it printed; and every memory of its core
// instances drawn side by side, with the bytes the client passed to
// write(2, ...) marked wherever they are.
import { fillHexTable } from './hex-table.js';
import { hex } from './memory-view.js';
import { loadComposition } from './load.js';

/** What every lesson client writes in part 5 (wit/lesson-client.wit). */
const MESSAGE = new TextEncoder().encode('crossed by copy');

const ROWS = 4;

const $ = (selector) => document.querySelector(selector);

/** Every address where MESSAGE starts in `bytes`. */
function findAll(bytes) {
  const places = [];
  for (let at = bytes.indexOf(MESSAGE[0]); at !== -1; at = bytes.indexOf(MESSAGE[0], at + 1)) {
    if (MESSAGE.every((byte, i) => bytes[at + i] === byte)) places.push(at);
  }
  return places;
}

/** The implementation's pointer, from the client's first line ("The buffer is at address N ..."). */
function pointerFrom(lines) {
  const match = /at address (\d+)/.exec(lines[0] ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Runs the composition of `entry` and shows it. */
export async function runComposition(entry) {
  const lines = [];
  $('#composition-status').textContent = `Loading ${entry.name} (${entry.bytes} bytes)…`;
  $('#client-output').textContent = '';
  $('#memories').replaceChildren();
  const { root, memories, instances } = await loadComposition(entry, (line) => lines.push(line));
  root.run.run();
  $('#client-output').textContent = lines.join('\n');
  const pointer = pointerFrom(lines);
  const figures = memories.map((core) => figure(core, pointer));
  $('#memories').replaceChildren(...figures);
  const holding = figures.filter((f) => f.dataset.holds === 'true').length;
  $('#composition-status').textContent =
    `${entry.name} ran: ${instances} core instances, ${memories.length} memories; ` +
    `${holding} of them hold the bytes the client passed to write(2, ...).`;
}

/** One memory: what it is, where the client's bytes are in it, and a grid around them. */
function figure({ memory, index }, pointer) {
  const bytes = new Uint8Array(memory.buffer);
  const places = findAll(bytes);
  const inBuffer = pointer !== undefined && places.includes(pointer + 2);
  const whose = inBuffer ? "the implementation's" : places.length > 0 ? "a caller's" : 'none';
  const element = document.createElement('figure');
  element.className = 'memory';
  element.dataset.holds = String(places.length > 0);
  element.dataset.whose = whose;
  const caption = document.createElement('figcaption');
  const where = places.map((at) => `0x${hex(at, 8)}`).join(', ');
  caption.textContent =
    `Memory of core instance ${index} (${whose}): ${bytes.byteLength / 65536} pages. ` +
    (places.length ? `"crossed by copy" at ${where}` : 'No "crossed by copy" in it.') +
    (inBuffer ? ` (${pointer + 2} is buffer[2])` : '');
  element.append(caption);
  if (places.length) {
    const first = inBuffer ? pointer + 2 : places[0];
    const table = document.createElement('table');
    table.setAttribute('aria-label', `Bytes of the memory of core instance ${index} around address ${first}`);
    const marked = (at) => places.some((start) => at >= start && at < start + MESSAGE.length);
    fillHexTable(table, bytes, first, ROWS, (at) => (marked(at) ? ['passed'] : []));
    element.append(table);
  }
  return element;
}
