// One implementation on the page: its layout, the seed lesson, the calls the
// controls make, growth, and an inspector that redraws its memory after
// every call.
import { call, code, item, list, ok } from './calls.js';
import { fillHexTable } from './hex-table.js';
import { MemoryView, hex } from './memory-view.js';

const INSPECTOR_ROWS = 8;

const $ = (selector) => document.querySelector(selector);

export class ImplementationView {
  /** The buffer offset the inspector shows, and the bytes it showed last. */
  #focus = 0;
  #shown = new Map();

  /**
   * @param {Awaited<ReturnType<import('./component.js').loadComponent>>} component
   * @param {{ name: string, bytes: number }} entry its catalog entry
   */
  constructor(component, entry) {
    this.buffer = component.buffer;
    this.component = component;
    this.entry = entry;
    this.view = new MemoryView(component.memory);
    this.pointer = this.buffer.getWasmMemoryBufferPointer();
    this.bufferLen = this.buffer.bufferLen();
  }

  /** Clears the page's logs, then shows this implementation: its layout, the lesson, the inspector. */
  show() {
    for (const log of ['#lesson', '#results', '#growth']) $(log).replaceChildren();
    this.render();
    this.#lesson();
  }

  /** Where this implementation keeps things: what differs between implementations. */
  #layout() {
    const { entry, component, pointer, bufferLen } = this;
    const holder = component.memories[0];
    const facts = [
      ['component', `${entry.name}: ${entry.bytes} bytes of .wasm`],
      ['core instances', `${component.instances}, ${component.memories.length} of them with a memory of their own`],
      ['the buffer', `${bufferLen} bytes at address ${pointer} (0x${hex(pointer, 8)}) of the memory of core instance ${holder.index}`],
      ['that memory', `${this.view.pages} pages (${this.view.bytes.byteLength} bytes), after the last call`],
    ];
    $('#layout').replaceChildren(...facts.flatMap(([term, detail]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = detail;
      return [dt, dd];
    }));
  }

  /** Redraws the layout, the facts, the inspector and the copy beside it. */
  render() {
    this.#layout();
    const { pointer, bufferLen, view } = this;
    const bytes = view.bytes;
    $('#facts').innerHTML =
      `pointer ${code(String(pointer))} (0x${hex(pointer, 8)}) · buffer ${bufferLen} bytes · ` +
      `memory ${view.pages} pages = ${bytes.byteLength} bytes · ` +
      `view re-created <span id="recreated">${view.recreated}</span> times`;
    const seen = new Map();
    const inBuffer = (at) => at >= pointer && at < pointer + bufferLen;
    const classify = (at, value) => {
      seen.set(at, value);
      const classes = [];
      if (inBuffer(at)) classes.push('in-buffer');
      if (at === pointer) classes.push('pointer');
      if (this.#shown.has(at) && this.#shown.get(at) !== value) classes.push('changed');
      return classes;
    };
    const title = (at) => `address ${at}` + (inBuffer(at) ? `, buffer[${at - pointer}]` : '');
    fillHexTable($('#inspector'), bytes, pointer + this.#focus, INSPECTOR_ROWS, classify, title);
    this.#shown = seen;

    // The same bytes the way a component-model host gets them: a copy.
    // bufferLen is the component's answer: never trusted to keep the length in range.
    const len = Math.max(0, Math.min(16, bufferLen - this.#focus));
    $('#copy').innerHTML = `${code(`read(${this.#focus}, ${len})`)} → ${code(ok(this.buffer.read(this.#focus, len)))}`;
  }

  /** A call written to `log`, then the inspector redrawn. */
  #call(log, text, f, format, note) {
    try {
      return call(log, text, f, format, note);
    } finally {
      this.render();
    }
  }

  #lesson() {
    const { buffer, pointer, view } = this;
    item('#lesson', '<strong>Write in Wasm, Read in JS, Index 0: <span id="index-0"></span></strong>', 'step');
    this.#call('#lesson', 'storeValueInWasmMemoryBufferIndexZero(24)',
      () => buffer.storeValueInWasmMemoryBufferIndexZero(24), () => '()', 'the component writes its own memory');
    item('#lesson', `${code('view[pointer + 0]')} → ${code(String(view.bytes[pointer]))}   ` +
      "the page reads the component's memory in place (beneath the model)");
    const copied = this.#call('#lesson', 'read(0, 1)', () => buffer.read(0, 1), ok, 'the component-model way: a copy');
    $('#index-0').textContent = copied?.[0];

    item('#lesson', '<strong>Write in JS, Read in Wasm, Index 1: <span id="index-1"></span></strong>', 'step');
    this.#call('#lesson', 'write(1, Uint8Array [25])', () => buffer.write(1, Uint8Array.of(25)),
      ok, `copied in, stored at pointer + 1 = ${pointer + 1}`);
    const value = this.#call('#lesson', 'readWasmMemoryBufferAndReturnIndexOne()',
      () => buffer.readWasmMemoryBufferAndReturnIndexOne(), String, 'the component reads its own memory');
    item('#lesson', `${code('view[pointer + 1]')} → ${code(String(view.bytes[pointer + 1]))}   the same byte, in place`);
    $('#index-1').textContent = value;
  }

  /** Moves the inspector to buffer offset `at`, if the buffer has one. */
  #look(at) {
    if (at < this.bufferLen) this.#focus = at;
  }

  store({ index, value }) {
    this.#look(index);
    this.#call('#results', `store(${index}, ${value})`, () => this.buffer.store(index, value), ok);
  }

  load({ index }) {
    this.#look(index);
    this.#call('#results', `load(${index})`, () => this.buffer.load(index), ok);
  }

  write({ offset, bytes }) {
    this.#look(offset);
    this.#call('#results', `write(${offset}, ${list(bytes)})`, () => this.buffer.write(offset, bytes), ok);
  }

  read({ offset, len }) {
    this.#look(offset);
    this.#call('#results', `read(${offset}, ${len})`, () => this.buffer.read(offset, len), ok);
  }

  grow({ pages }) {
    const before = this.view.pages;
    const oldView = this.view.bytes;
    item('#growth', `A ${code('Uint8Array')} over ${code('memory.buffer')} now: byteLength ${oldView.byteLength}`);
    const previous = this.#call('#growth', `growMemory(${pages})`, () => this.buffer.growMemory(pages), ok);
    if (previous === undefined) return;
    item('#growth', `Memory grew from ${before} to ${this.view.pages} pages.`);
    const state = oldView.byteLength === 0 ? 'detached' : 'still attached';
    item('#growth', `The Uint8Array made before growing is ${state}: byteLength ${oldView.byteLength}.`, 'detached');
    item('#growth', `The inspector re-created its view: byteLength ${this.view.bytes.byteLength}.`, 'recreated');
  }
}
