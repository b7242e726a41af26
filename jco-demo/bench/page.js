// The cases, run in a page (bench.html) on the workspace's component,
// through jco's output as is: the results land in window.benchRows.
import { instantiate } from '../generated/rust/linear_memory.js';
import { loadComponent } from '../src/component.js';
import { runCases } from './cases.js';

const compileCore = (path) =>
  WebAssembly.compileStreaming(fetch(new URL(`generated/rust/${path}`, document.baseURI)));
const quick = new URL(location.href).searchParams.has('quick');
globalThis.benchRows = runCases(await loadComponent(compileCore, instantiate), quick);
document.body.textContent = `${globalThis.benchRows.length} rows measured`;
