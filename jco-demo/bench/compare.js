// The calls through the production build's glue against the same calls
// through jco's output as is, in one page (bench-compare.html), their
// batches taken in turn: the results land in window.benchRows.
import { bundledInstance } from '../dist/bench/bundled-instance.js';
import { instantiate } from '../generated/rust/linear_memory.js';
import { loadComponent } from '../src/component.js';
import { compareBuilds } from './cases.js';

const compileCore = (path) =>
  WebAssembly.compileStreaming(fetch(new URL(`generated/rust/${path}`, document.baseURI)));
const quick = new URL(location.href).searchParams.has('quick');
const asIs = await loadComponent(compileCore, instantiate);
globalThis.benchRows = compareBuilds(asIs, await bundledInstance(compileCore), quick);
document.body.textContent = `${globalThis.benchRows.length} rows measured`;
