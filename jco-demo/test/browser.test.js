// The page in a real browser: Debian's Chromium, driven by playwright-core.
// Clicks through the lesson, the controls and growth, checks the DOM and the
// inspector, and saves a screenshot (to SCREENSHOT, or under target/).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.js';
import { serve } from '../scripts/serve.js';

const SCREENSHOT =
  process.env.SCREENSHOT ?? fileURLToPath(new URL('../../target/jco-demo/screenshot.png', import.meta.url));

test('the page runs the lesson, the controls and the growth lesson', async (t) => {
  const { url, server } = await serve(0);
  t.after(() => server.close());
  const { browser, close } = await launchChromium({ viewport: { width: 900, height: 1200 } });
  t.after(close);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  const ui = inspect(page);
  const pointer = Number(await page.locator('#inspector td.pointer').getAttribute('data-address'));

  await t.test('the seed: 24 and 25, in the log and at the pointer', () => theSeed(ui, pointer));
  await t.test('store and load, in the log and the inspector', () => storeAndLoad(ui, pointer));
  await t.test('write and read a range; the write is highlighted', () => writeAndRead(ui, pointer));
  await t.test('a refusal shows the typed error and a sentence', () => aRefusal(ui));
  await t.test('a number its WIT type cannot hold changes nothing', () => aNumberTooBig(ui, pointer));
  await t.test('growth detaches old views; the inspector re-creates its own', () => growth(ui, pointer));
  await t.test('no page errors', () => assert.deepEqual(problems, []));

  await mkdir(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

/** What the steps use of the page. */
function inspect(page) {
  return {
    page,
    text: (selector) => page.locator(selector).innerText(),
    lastResult: () => page.locator('#results li').last().innerText(),
    cell: (address) => page.locator(`#inspector td[data-address="${address}"]`),
  };
}

async function theSeed({ text, cell }, pointer) {
  assert.match(await text('#lesson'), /Write in Wasm, Read in JS, Index 0: 24/);
  assert.match(await text('#lesson'), /Write in JS, Read in Wasm, Index 1: 25/);
  assert.match(await text('#status'), new RegExp(`at address ${pointer} `));
  assert.equal(await cell(pointer).innerText(), '18');
  assert.equal(await cell(pointer + 1).innerText(), '19');
  assert.match(await cell(pointer + 1).getAttribute('class'), /in-buffer/);
  assert.match(await text('#copy'), /read\(0, 16\) → ok\(\[24, 25, 0,/);
}

async function storeAndLoad({ page, lastResult, cell }, pointer) {
  await page.fill('#store-load [name=index]', '5');
  await page.fill('#store-load [name=value]', '200');
  await page.click('#store-load [name=store]');
  assert.equal(await lastResult(), 'store(5, 200) → ok');
  await page.click('#store-load [name=load]');
  assert.equal(await lastResult(), 'load(5) → ok(200)');
  assert.equal(await cell(pointer + 5).innerText(), 'c8');
}

async function writeAndRead({ page, lastResult, cell }, pointer) {
  await page.fill('#write-read [name=offset]', '16');
  await page.fill('#write-read [name=bytes]', '1, 2, 3, 4');
  await page.click('#write-read [name=write]');
  assert.equal(await lastResult(), 'write(16, [1, 2, 3, 4]) → ok');
  assert.match(await cell(pointer + 16).getAttribute('class'), /changed/);
  await page.fill('#write-read [name=len]', '4');
  await page.click('#write-read [name=read]');
  assert.equal(await lastResult(), 'read(16, 4) → ok([1, 2, 3, 4])');
  assert.equal(await cell(pointer + 16).innerText(), '01');
}

async function aRefusal({ page, lastResult }) {
  await page.fill('#store-load [name=index]', '70000');
  await page.click('#store-load [name=load]');
  const refusal = await lastResult();
  assert.match(refusal, /load\(70000\) → err\(out-of-bounds\(\{offset: 70000, len: 1, buffer-len: 65536\}\)\)/);
  assert.match(refusal, /index 70000 is outside the 65536-byte buffer/);
  assert.doesNotMatch(refusal, /object Object/);
}

/** A number no u32 can hold changes nothing: the browser's own check stops the form, and
 * without it (novalidate) the page's check refuses it before any call, naming the field. */
async function aNumberTooBig({ page, lastResult, cell }, pointer) {
  const before = await lastResult();
  const byteZero = await cell(pointer).innerText();
  await page.fill('#store-load [name=index]', '4294967296');
  await page.fill('#store-load [name=value]', '99');
  await page.click('#store-load [name=store]');
  assert.equal(await lastResult(), before, 'the form was not submitted');
  await page.$eval('#store-load', (form) => { form.noValidate = true; });
  await page.click('#store-load [name=store]');
  assert.equal(await lastResult(),
    'store(4294967296, 99) → RangeError: store: index must be an integer from 0 to 4294967295 (u32), got 4294967296');
  assert.equal(await cell(pointer).innerText(), byteZero, 'index 0 is unchanged');
  await page.$eval('#store-load', (form) => { form.noValidate = false; });
}

async function growth({ page, text, cell }, pointer) {
  const recreatedBefore = Number(await text('#recreated'));
  await page.click('#grow [name=grow]');
  assert.match(await text('#growth li.detached'), /The Uint8Array made before growing is detached: byteLength 0\./);
  assert.match(await text('#growth li.recreated'), /The inspector re-created its view: byteLength \d+\./);
  assert.ok(Number(await text('#recreated')) > recreatedBefore);
  assert.equal(await cell(pointer).innerText(), '18', 'the bytes survive growth');
}
