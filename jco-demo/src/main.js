// The page: the seed lesson, the controls, the growth lesson, and an
// inspector that redraws the component's memory after every call.
import { loadComponent } from './component.js';
import { describe, refusal, wave } from './errors.js';
import { MemoryView, hex, hexRows } from './memory-view.js';

const INSPECTOR_ROWS = 8;

const compileCore = (path) =>
  WebAssembly.compileStreaming(fetch(new URL(`../generated/${path}`, import.meta.url)));
const { buffer, memory } = await loadComponent(compileCore);
const view = new MemoryView(memory);
const pointer = buffer.getWasmMemoryBufferPointer();
const bufferLen = buffer.bufferLen();

/** The buffer offset the inspector shows, and the bytes it showed last. */
let focus = 0;
let shown = new Map();

const $ = (selector) => document.querySelector(selector);

function item(list, html, className) {
  const li = document.createElement('li');
  li.innerHTML = html;
  if (className) li.className = className;
  $(list).append(li);
  return li;
}

const code = (text) => `<code>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code>`;
const list = (bytes) => `[${Array.from(bytes).join(', ')}]`;

/**
 * Calls the component and writes the call and its answer to `log`. A refusal
 * (the component's `error` value) is shown as WAVE and as a sentence.
 * Returns the value, or undefined if the call was refused.
 */
function call(log, text, f, format = String, note = '') {
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
  } finally {
    render();
  }
}

const ok = (value) => (value === undefined ? 'ok' : `ok(${value instanceof Uint8Array ? list(value) : value})`);

function render() {
  const bytes = view.bytes;
  $('#facts').innerHTML =
    `pointer ${code(String(pointer))} (0x${hex(pointer, 8)}) · buffer ${bufferLen} bytes · ` +
    `memory ${view.pages} pages = ${bytes.byteLength} bytes · ` +
    `view re-created <span id="recreated">${view.recreated}</span> times`;

  const rows = hexRows(bytes, pointer + focus, INSPECTOR_ROWS);
  const seen = new Map();
  const table = $('#inspector');
  table.replaceChildren();
  for (const row of rows) {
    const tr = table.insertRow();
    tr.insertCell().outerHTML = `<th scope="row">0x${hex(row.address, 8)}</th>`;
    row.bytes.forEach((value, i) => {
      const address = row.address + i;
      const td = tr.insertCell();
      td.textContent = hex(value, 2);
      td.dataset.address = address;
      const inBuffer = address >= pointer && address < pointer + bufferLen;
      td.title = `address ${address}` + (inBuffer ? `, buffer[${address - pointer}]` : '');
      if (inBuffer) td.classList.add('in-buffer');
      if (address === pointer) td.classList.add('pointer');
      if (shown.has(address) && shown.get(address) !== value) td.classList.add('changed');
      seen.set(address, value);
    });
  }
  shown = seen;

  // The same bytes the way a component-model host gets them: a copy.
  // bufferLen is the component's answer: never trusted to keep the length in range.
  const len = Math.max(0, Math.min(16, bufferLen - focus));
  $('#copy').innerHTML = `${code(`read(${focus}, ${len})`)} → ${code(ok(buffer.read(focus, len)))}`;
}

function lesson() {
  item('#lesson', '<strong>Write in Wasm, Read in JS, Index 0: <span id="index-0"></span></strong>', 'step');
  call('#lesson', 'storeValueInWasmMemoryBufferIndexZero(24)', () => buffer.storeValueInWasmMemoryBufferIndexZero(24),
    () => '()', 'the component writes its own memory');
  const peeked = view.bytes[pointer + 0];
  item('#lesson', `${code('view[pointer + 0]')} → ${code(String(peeked))}   ` +
    "the page reads the component's memory in place (beneath the model)");
  const copied = call('#lesson', 'read(0, 1)', () => buffer.read(0, 1), ok, 'the component-model way: a copy');
  $('#index-0').textContent = copied?.[0];

  item('#lesson', '<strong>Write in JS, Read in Wasm, Index 1: <span id="index-1"></span></strong>', 'step');
  call('#lesson', 'write(1, Uint8Array [25])', () => buffer.write(1, Uint8Array.of(25)),
    ok, `copied in, stored at pointer + 1 = ${pointer + 1}`);
  const value = call('#lesson', 'readWasmMemoryBufferAndReturnIndexOne()',
    () => buffer.readWasmMemoryBufferAndReturnIndexOne(), String, 'the component reads its own memory');
  const inPlace = view.bytes[pointer + 1];
  item('#lesson', `${code('view[pointer + 1]')} → ${code(String(inPlace))}   the same byte, in place`);
  $('#index-1').textContent = value;
}

/**
 * A field's number, as typed: an empty field is NaN, not 0. The page does no
 * range check of its own: the buffer's functions refuse what their WIT types
 * cannot hold before calling (arguments.js), and the refusal is shown.
 */
function number(form, name) {
  const text = form.elements[name].value.trim();
  return text === '' ? NaN : Number(text);
}

function bytesOf(text) {
  const bytes = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new RangeError('bytes must be numbers from 0 to 255, separated by spaces or commas');
  }
  return Uint8Array.from(bytes);
}

$('#store-load').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const index = number(form, 'index');
  focus = index < bufferLen ? index : focus;
  if (event.submitter.name === 'store') {
    const value = number(form, 'value');
    call('#results', `store(${index}, ${value})`, () => buffer.store(index, value), ok);
  } else {
    call('#results', `load(${index})`, () => buffer.load(index), ok);
  }
});

$('#write-read').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const offset = number(form, 'offset');
  focus = offset < bufferLen ? offset : focus;
  if (event.submitter.name === 'write') {
    const text = form.elements.bytes.value;
    call('#results', `write(${offset}, [${text}])`, () => buffer.write(offset, bytesOf(text)), ok);
  } else {
    const len = number(form, 'len');
    call('#results', `read(${offset}, ${len})`, () => buffer.read(offset, len), ok);
  }
});

$('#grow').addEventListener('submit', (event) => {
  event.preventDefault();
  const pages = number(event.currentTarget, 'pages');
  const before = view.pages;
  const oldView = view.bytes;
  item('#growth', `A ${code('Uint8Array')} over ${code('memory.buffer')} now: byteLength ${oldView.byteLength}`);
  const previous = call('#growth', `growMemory(${pages})`, () => buffer.growMemory(pages), ok);
  if (previous === undefined) return;
  item('#growth', `Memory grew from ${before} to ${view.pages} pages.`);
  const state = oldView.byteLength === 0 ? 'detached' : 'still attached';
  item('#growth', `The Uint8Array made before growing is ${state}: byteLength ${oldView.byteLength}.`, 'detached');
  item('#growth', `The inspector re-created its view: byteLength ${view.bytes.byteLength}.`, 'recreated');
});

render();
lesson();
$('#status').textContent =
  `Loaded: the buffer is ${bufferLen} bytes at address ${pointer} of the component's linear memory.`;
document.body.dataset.ready = 'true';
