// The bytes a first load of the page transfers (the default implementation,
// nothing chosen yet), raw and gzipped, as Chromium fetches them: the
// development page (jco's output as is) and the production one (dist/),
// against the seed's page.
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../scripts/chromium.js';
import { serve } from '../scripts/serve.js';

/**
 * The seed's page: its HTML, wasm-bindgen's `--target web` glue and its
 * wasm (the original lesson built with wasm-bindgen 0.2.130), as the issue
 * that asked for this measured them.
 */
export const SEED = { raw: 19382, gzip: 7961 };

/** Every response of a first load of `build`'s page: [path, raw bytes, gzip -9 bytes]. */
export async function firstLoad(build) {
  const { url, server } = await serve(0, build);
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage();
    const bodies = [];
    page.on('response', (response) => bodies.push(response.body().then((body) => [response.url(), body])));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    return (await Promise.all(bodies)).map(([at, body]) =>
      [new URL(at).pathname, body.length, gzipSync(body, { level: 9 }).length]);
  } finally {
    await close();
    server.close();
  }
}

/** Prints the first load of each build beside the seed's, then the production page's files. */
export async function printPageWeight() {
  const rows = [['the seed (wasm-bindgen 0.2.130)', SEED.raw, SEED.gzip]];
  let production;
  for (const build of ['development', 'production']) {
    const files = await firstLoad(build);
    const sum = (column) => files.reduce((total, file) => total + file[column], 0);
    rows.push([`${build} (${files.length} files)`, sum(1), sum(2)]);
    production = files;
  }
  const line = (name, raw, gzip, last = '') =>
    console.log(`  ${name.padEnd(40)} ${String(raw).padStart(9)} ${String(gzip).padStart(9)}  ${last}`.trimEnd());
  console.log('\nPage weight: the first load (the default implementation), as Chromium fetched it');
  line('page', 'raw', 'gzip -9', "gzip against the seed's");
  for (const [name, raw, gzip] of rows) line(name, raw, gzip, (gzip / SEED.gzip).toFixed(2));
  console.log('  the production page, file by file:');
  for (const [path, raw, gzip] of production) line(`  ${path}`, raw, gzip);
}
