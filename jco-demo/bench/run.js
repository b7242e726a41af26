// What it costs to call the component from JavaScript, in Node and in
// headless Chromium, each measured in one run against its own floor.
//
//   npm --prefix jco-demo run bench      (builds first; installs Chromium when missing)
//
// Prints a table per host and merges the rows into target/bench/results.json;
// `cargo bench -p runner` afterwards plots every host together.
//
// JCO_OUTPUT=/some/dir measures, in Node only, another transpile of the same
// component (`jco transpile … --instantiation async --name linear_memory -o
// /some/dir`, with another jco version) and prints it without saving it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../scripts/chromium.js';
import { serve } from '../scripts/serve.js';
import { freshInstance } from '../src/node-instance.js';
import { runCases } from './cases.js';

const RESULTS = fileURLToPath(new URL('../../target/bench/results.json', import.meta.url));

/** `ns` in the unit that keeps it short, as the Rust report prints it. */
function duration(ns) {
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${(ns / 1e6).toFixed(1)} ms`;
}

/** The same table as runner/benches/costs/report.rs prints. */
function printTable(host, rows) {
  const line = (name, time, gb, baseline, ratio) => {
    const columns = [name.padEnd(52), time.padStart(10), gb.padStart(7), '', baseline.padEnd(36), ratio.padStart(12)];
    console.log(`  ${columns.join(' ')}`);
  };
  let group = '';
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      console.log(`\n${group} (${host})`);
      line('operation', 'time', 'GB/s', 'baseline', 'ratio');
    }
    const gb = row.gb_per_s === null ? '' : row.gb_per_s.toFixed(1);
    let ratio = row.ratio === null ? '' : row.ratio.toFixed(2);
    if (row.ratio !== null && row.bytes !== null) ratio += ` (${(100 / row.ratio).toFixed(0)}%)`;
    line(row.name, duration(row.ns_per_op), gb, row.baseline ?? '', ratio);
  }
}

/** Replaces `host`'s rows in results.json, keeping the other hosts'. */
async function merge(host, rows) {
  let all = [];
  try {
    all = JSON.parse(await readFile(RESULTS, 'utf8'));
  } catch {
    // No results yet.
  }
  all = all.filter((row) => row.host !== host).concat(rows.map((row) => ({ host, ...row })));
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

async function inChromium() {
  const { url, server } = await serve(0);
  const userDataDir = await mkdtemp(join(tmpdir(), 'linear-memory-bench-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(new URL('bench.html', url).href);
    await page.waitForFunction(() => window.benchRows, null, { timeout: 180_000 });
    return { rows: await page.evaluate(() => window.benchRows), version: browser.browser()?.version() ?? '' };
  } finally {
    await browser.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

if (process.env.JCO_OUTPUT) {
  const dir = pathToFileURL(`${resolve(process.env.JCO_OUTPUT)}/`);
  printTable(`Node ${process.versions.node}, ${process.env.JCO_OUTPUT}`, runCases(await freshInstance(dir)));
  process.exit(0);
}

const jco = JSON.parse(await readFile(new URL('../node_modules/@bytecodealliance/jco/package.json', import.meta.url)));
console.log(`jco ${jco.version}`);
const node = runCases(await freshInstance());
printTable(`Node ${process.versions.node}`, node);
await merge('node', node);
const { rows: browser, version } = await inChromium();
printTable(`Chromium ${version}`.trim(), browser);
await merge('chromium', browser);
console.log('\nmerged into target/bench/results.json');
