// What it costs to call the component from JavaScript, in Node and in
// headless Chromium, each measured in one run against its own floor; the
// production build's calls against jco's output as is; and the bytes the
// page's first load transfers, against the seed's page.
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
import { runCases } from './cases.js';
import { printPageWeight } from './page-weight.js';

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

/**
 * The per-call rows of the production build, each against the same call
 * through jco's output as is (`asIs`, measured in the same run).
 */
function againstAsIs(rows, asIs) {
  return rows
    .filter((row) => row.group === 'per call' && row.path === 'jco bindings')
    .map((row) => {
      const same = asIs.find((other) => other.group === row.group && other.name === row.name);
      return { ...row, group: 'per call, production build', path: 'jco bindings, bundled',
        baseline: `as is: ${row.name}`, ratio: row.ns_per_op / same.ns_per_op };
    });
}

/** The cases, run by bench.html in headless Chromium, on `build`'s page. */
async function inChromium(build) {
  const { url, server } = await serve(0, build);
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(new URL(`bench.html${QUICK ? '?quick' : ''}`, url).href);
    await page.waitForFunction(() => window.benchRows, null, { timeout: 180_000 });
    return { rows: await page.evaluate(() => window.benchRows), version: browser.browser()?.version() ?? '' };
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
  const node = runCases(await freshInstance(), QUICK);
  await merge('node', `Node ${process.versions.node}, ${runtime}`, node);
  const bundled = await import('../dist/node/node-instance.js');
  const nodeBundled = againstAsIs(runCases(await bundled.freshInstance(), QUICK), node);
  await merge('node-bundled', `Node ${process.versions.node}, ${runtime}`, nodeBundled);
  const chromium = await inChromium('development');
  await merge('chromium', `Chromium ${chromium.version}, ${runtime}`, chromium.rows);
  const production = await inChromium('production');
  await merge('chromium-bundled', `Chromium ${production.version}, ${runtime}`, againstAsIs(production.rows, chromium.rows));
  await printPageWeight();
}
