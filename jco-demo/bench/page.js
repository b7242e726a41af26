// The cases, run in a page (bench.html) on the workspace's components,
// through jco's output as is: the results land in window.benchRows.
import { instantiate } from '../generated/rust/linear_memory.js';
import { instantiate as instantiateStreams } from '../generated/rust-streams/linear_memory.js';
import { loadComponent } from '../src/component.js';
import { runCases } from './cases.js';
import { runStreamCases } from './streams-cases.js';

const compiler = (dir) => (path) => WebAssembly.compileStreaming(fetch(new URL(`${dir}${path}`, document.baseURI)));
const quick = new URL(location.href).searchParams.has('quick');
const rows = runCases(await loadComponent(compiler('generated/rust/'), instantiate), quick);
const streams = await loadComponent(compiler('generated/rust-streams/'), instantiateStreams);
globalThis.benchRows = rows.concat(await runStreamCases(streams, quick));
document.body.textContent = `${globalThis.benchRows.length} rows measured`;
