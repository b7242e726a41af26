// What it costs to call the component from JavaScript, in Node and in
// headless Chromium, each measured in one run against its own floor, and the
// streams component's calls against list calls of the same size; the
// production build's calls against jco's output as is, in turn in one
// process or page; and the bytes the page's first load transfers, against
// the seed's page.
//
//   npm --prefix jco-demo run bench      (.ci/bench runs it; builds first, installs Chromium when missing)
//
// Merges the rows into target/bench/results.json; `cargo bench -p runner`,
// next in .ci/bench, prints every host's tables and plots them together.
// LINEAR_MEMORY_BENCH_QUICK=1 takes one short batch per row.
//
// JCO_OUTPUT=/some/dir measures, in Node only, another transpile of the same
// component (`jco transpile … --instantiation async --name linear_memory -o
// /some/dir`, with another jco version), saved as a host of its own.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../scripts/chromium.js';
import { serve } from '../scripts/serve.js';
import { freshInstance } from '../src/node-instance.js';
import { compareBuilds, runCases } from './cases.js';
import { printPageWeight } from './page-weight.js';
import { runStreamCases } from './streams-cases.js';

const RESULTS = fileURLToPath(new URL('../../target/bench/results.json', import.meta.url));
const QUICK = Boolean(process.env.LINEAR_MEMORY_BENCH_QUICK);

/** Replaces `host`'s rows in results.json, keeping the other hosts'. */
async function merge(host, runtime, rows) {
  let all = [];
  try {
    all = JSON.parse(await readFile(RESULTS, 'utf8'));
  } catch {
    // No results yet.
  }
  all = all.filter((row) => row.host !== host).concat(rows.map((row) => ({ host, runtime, ...row })));
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`${runtime}: ${rows.length} rows, into target/bench/results.json`);
}

/** What `page` (bench.html, bench-compare.html) measures in headless Chromium. */
async function inChromium(page) {
  const { url, server } = await serve(0);
  const { browser, close } = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(new URL(`${page}${QUICK ? '?quick' : ''}`, url).href);
    await tab.waitForFunction(() => window.benchRows, null, { timeout: 180_000 });
    return { rows: await tab.evaluate(() => window.benchRows), version: browser.browser()?.version() ?? '' };
  } finally {
    await close();
    server.close();
  }
}

const jco = JSON.parse(await readFile(new URL('../node_modules/@bytecodealliance/jco/package.json', import.meta.url)));
if (process.env.JCO_OUTPUT) {
  const dir = pathToFileURL(`${resolve(process.env.JCO_OUTPUT)}/`);
  const runtime = `Node ${process.versions.node}, jco from ${process.env.JCO_OUTPUT}`;
  await merge('node-jco-output', runtime, runCases(await freshInstance(dir), QUICK));
} else {
  const runtime = `jco ${jco.version}`;
  const asIs = await freshInstance();
  const streams = await freshInstance(new URL('../generated/rust-streams/', import.meta.url));
  const rows = runCases(asIs, QUICK).concat(await runStreamCases(streams, QUICK));
  await merge('node', `Node ${process.versions.node}, ${runtime}`, rows);
  const bundled = await import('../dist/node/node-instance.js');
  const nodeBundled = compareBuilds(asIs, await bundled.freshInstance(), QUICK);
  await merge('node-bundled', `Node ${process.versions.node}, ${runtime}`, nodeBundled);
  const chromium = await inChromium('bench.html');
  await merge('chromium', `Chromium ${chromium.version}, ${runtime}`, chromium.rows);
  const production = await inChromium('bench-compare.html');
  await merge('chromium-bundled', `Chromium ${production.version}, ${runtime}`, production.rows);
  await printPageWeight();
}
