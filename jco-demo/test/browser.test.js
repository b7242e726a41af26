// The page in a real browser: Debian's Chromium, driven by playwright-core.
// Clicks through the lesson, the controls and growth on the development
// page, every implementation the page offers, a composition's three memories,
// the keyboard and an accessibility check (axe-core); then the production
// page. Saves a screenshot (to SCREENSHOT, or under target/).
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../generated/catalog.js';
import { launchChromium } from '../scripts/chromium.js';
import { serve } from '../scripts/serve.js';

const SCREENSHOT =
  process.env.SCREENSHOT ?? fileURLToPath(new URL('../../target/jco-demo/screenshot.png', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Opens the page of `build` in a fresh Chromium; collects its errors and the URLs it fetched. */
async function open(t, build) {
  const { url, server } = await serve(0, build);
  t.after(() => server.close());
  const { browser, close } = await launchChromium({ viewport: { width: 1000, height: 1200 } });
  t.after(close);
  const page = await browser.newPage();
  const problems = [];
  const fetched = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(url);
  await ready(page, CATALOG[0].name);
  return { ui: inspect(page), problems, fetched };
}

/** Waits until the implementation called `name` is loaded and its lesson has run. */
const ready = (page, name) =>
  page.waitForSelector(`body[data-ready="true"][data-implementation="${name}"]`, { timeout: 30000 });

test('the development page: the lesson, the controls, every implementation, a composition', async (t) => {
  const { ui, problems, fetched } = await open(t, 'development');
  const pointer = await ui.pointer();

  await t.test('the first load fetches the default implementation only', () => firstLoad(fetched));
  await t.test('the seed: 24 and 25, in the log and at the pointer', () => theSeed(ui, pointer));
  await t.test('store and load, in the log and the inspector', () => storeAndLoad(ui, pointer));
  await t.test('write and read a range; the write is highlighted', () => writeAndRead(ui, pointer));
  await t.test('a refusal shows the typed error and a sentence', () => aRefusal(ui));
  await t.test('bad input is one message beside its field, and no call', () => badInput(ui, pointer));
  await t.test('the forms work from the keyboard', () => byKeyboard(ui, pointer));
  await t.test('growth detaches old views; the inspector re-creates its own', () => growth(ui, pointer));
  await t.test('every implementation gives 24 and 25, and shows its layout', () => everyImplementation(ui));
  await t.test("a composition: the client's bytes in all three memories", () => compositions(ui));
  await t.test('streams: written and read, timed, and where the bytes are', () => streams(ui));
  await t.test('bad input in the stream fields: a message, no call, no byte changed', () => badStreamInput(ui));
  await t.test('axe-core finds no accessibility violation', () => accessible(ui));
  await t.test('no page errors', () => assert.deepEqual(problems, []));

  await mkdir(dirname(SCREENSHOT), { recursive: true });
  await ui.page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test('the production page: bundled, and the same lesson and composition', async (t) => {
  const { ui, problems, fetched } = await open(t, 'production');
  const html = await readFile(new URL('../dist/index.html', import.meta.url), 'utf8');
  assert.doesNotMatch(html, /importmap|src\//);
  assert.ok(fetched.every((path) => !path.startsWith('/src/') && !path.includes('node_modules')), fetched.join(' '));
  await theSeed(ui, await ui.pointer());
  await everyImplementation(ui);
  await compositions(ui);
  await streams(ui);
  await accessible(ui);
  assert.deepEqual(problems, []);
});

/** What the steps use of the page. */
function inspect(page) {
  return {
    page,
    text: (selector) => page.locator(selector).innerText(),
    lastResult: () => page.locator('#results li').last().innerText(),
    results: () => page.locator('#results li').count(),
    cell: (address) => page.locator(`#inspector td[data-address="${address}"]`),
    pointer: async () => Number(await page.locator('#inspector td.pointer').getAttribute('data-address')),
  };
}

/** Before anything is chosen, the page has fetched the first implementation's glue and core module, no other. */
function firstLoad(fetched) {
  const components = CATALOG.filter((entry) => fetched.some((path) => path.startsWith(`/${entry.dir}`)));
  assert.deepEqual(components.map((entry) => entry.name), [CATALOG[0].name]);
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
  await page.fill('#store-index', '5');
  await page.fill('#store-value', '200');
  await page.click('#store-load [name=store]');
  assert.equal(await lastResult(), 'store(5, 200) → ok');
  await page.click('#store-load [name=load]');
  assert.equal(await lastResult(), 'load(5) → ok(200)');
  assert.equal(await cell(pointer + 5).innerText(), 'c8');
}

async function writeAndRead({ page, lastResult, cell }, pointer) {
  await page.fill('#write-offset', '16');
  await page.fill('#write-bytes', '1, 2, 3, 4');
  await page.click('#write-read [name=write]');
  assert.equal(await lastResult(), 'write(16, [1, 2, 3, 4]) → ok');
  assert.match(await cell(pointer + 16).getAttribute('class'), /changed/);
  await page.fill('#write-len', '4');
  await page.click('#write-read [name=read]');
  assert.equal(await lastResult(), 'read(16, 4) → ok([1, 2, 3, 4])');
  assert.equal(await cell(pointer + 16).innerText(), '01');
}

async function aRefusal({ page, lastResult }) {
  await page.fill('#store-index', '70000');
  await page.click('#store-load [name=load]');
  const refusal = await lastResult();
  assert.match(refusal, /load\(70000\) → err\(out-of-bounds\(\{offset: 70000, len: 1, buffer-len: 65536\}\)\)/);
  assert.match(refusal, /index 70000 is outside the 65536-byte buffer/);
  assert.doesNotMatch(refusal, /object Object/);
}

/**
 * Out of range, not a number, not a byte, a list longer than the buffer:
 * each is a message beside its field, marked invalid, and no call is made
 * (the log and the memory are as they were). A good value clears it.
 */
async function badInput({ page, text, results, cell }, pointer) {
  const cases = [
    ['#store-index', '4294967296', '#store-load [name=store]', 'at most 4294967295 (u32)'],
    ['#store-value', '256', '#store-load [name=store]', 'at most 255 (u8)'],
    ['#store-index', 'five', '#store-load [name=load]', 'a whole number from 0 to 4294967295'],
    ['#write-bytes', '1 300', '#write-read [name=write]', '300 is not a byte: numbers from 0 to 255'],
    ['#write-bytes', '7 '.repeat(65537), '#write-read [name=write]', '65537 bytes: the buffer holds 65536'],
    ['#grow-pages', '-1', '#grow [name=grow]', 'a whole number from 0 to 4294967295'],
  ];
  for (const [field, value, button, message] of cases) {
    const before = await results();
    const byteZero = await cell(pointer).innerText();
    const original = await page.inputValue(field);
    await page.fill(field, value);
    await page.click(button);
    assert.equal(await text(`${field}-error`), message, `${field} = ${value.slice(0, 20)}`);
    assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    assert.equal(await results(), before, 'no call was made');
    assert.equal(await page.locator('#growth li').count(), 0, 'no growth was tried');
    assert.equal(await cell(pointer).innerText(), byteZero);
    await page.fill(field, original);
    await page.click(button);
    assert.equal(await text(`${field}-error`), '', 'a good value clears the message');
    assert.equal(await page.getAttribute(field, 'aria-invalid'), null);
  }
}

/** Typing into a field and pressing Enter submits its form, as its first button. */
async function byKeyboard({ page, lastResult }) {
  await page.focus('#store-index');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('7');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('9');
  await page.keyboard.press('Enter');
  assert.equal(await lastResult(), 'store(7, 9) → ok');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await lastResult(), 'load(7) → ok(9)', 'Tab reached the load button');
}

async function growth({ page, text, cell }, pointer) {
  const recreatedBefore = Number(await text('#recreated'));
  await page.click('#grow [name=grow]');
  assert.match(await page.locator('#growth li.detached').last().innerText(), /The Uint8Array made before growing is detached: byteLength 0\./);
  assert.match(await page.locator('#growth li.recreated').last().innerText(), /The inspector re-created its view: byteLength \d+\./);
  assert.ok(Number(await text('#recreated')) > recreatedBefore);
  assert.equal(await cell(pointer).innerText(), '18', 'the bytes survive growth');
}

/** Each implementation, chosen from the list: the lesson's 24 and 25, its own pointer and layout, and the forms. */
async function everyImplementation(ui) {
  const { page, text, cell } = ui;
  const implementations = CATALOG.filter((entry) => entry.kind === 'implementation');
  assert.ok(implementations.length >= 1);
  for (const { name, bytes } of [...implementations.slice(1), implementations[0]]) {
    await page.selectOption('#implementation', name);
    await ready(page, name);
    const pointer = await ui.pointer();
    assert.match(await text('#lesson'), /Index 0: 24[\s\S]*Index 1: 25/, name);
    assert.equal(await cell(pointer).innerText(), '18', name);
    assert.equal(await cell(pointer + 1).innerText(), '19', name);
    const layout = await text('#layout');
    assert.match(layout, new RegExp(`${name.replace('+', '\\+')}: ${bytes} bytes of \\.wasm`));
    assert.match(layout, new RegExp(`65536 bytes at address ${pointer} `));
    assert.equal(await page.locator('#results li').count(), 0, 'a new implementation starts a new log');
    await storeAndLoad(ui, pointer);
  }
}

/**
 * Each composition: what the client printed, and its bytes in three memories
 * (the client's, the checker's, the implementation's), the implementation's
 * at buffer[2] (the pointer the client printed, plus 2).
 */
async function compositions({ page, text }) {
  const offered = CATALOG.filter((entry) => entry.kind === 'composition');
  assert.ok(offered.length >= 1, 'interop/build made the compositions');
  for (const { name } of offered) {
    await page.selectOption('#composition', name);
    await page.click('#compose [name=run]');
    await page.waitForFunction((ran) => document.querySelector('#composition-status').textContent.startsWith(ran),
      `${name} ran`);
    const printed = await text('#client-output');
    assert.match(printed, /Part 5: write\(2, "crossed by copy"\) -> ok; read\(2, 15\) -> "crossed by copy"/);
    const pointer = Number(/at address (\d+)/.exec(printed)[1]);
    const holders = page.locator('#memories figure[data-holds="true"]');
    assert.equal(await holders.count(), 3, name);
    const implementation = page.locator('#memories figure[data-whose="the implementation\'s"]');
    const caption = await implementation.locator('figcaption').innerText();
    assert.match(caption, new RegExp(`${pointer + 2} is buffer\\[2\\]`));
    const places = caption.match(/0x[0-9a-f]{8}/g) ?? [];
    assert.ok(places.length >= 2, `in the buffer, and in the block cabi_realloc gave the list: ${caption}`);
    const marked = implementation.locator(`td[data-address="${pointer + 2}"]`);
    assert.equal(await marked.innerText(), '63', `"c" at buffer[2] in ${name}`);
    assert.match(await marked.getAttribute('class'), /passed/);
    assert.equal(await page.locator('#memories figure[data-whose="a caller\'s"]').count(), 2, name);
  }
}

/** Submits the streams form with `button`; waits for the call to end; returns its log line. */
async function streamCall({ page }, button) {
  const before = await page.locator('#stream-results li').count();
  await page.click(`#streams [name=${button}]`);
  await page.waitForSelector('body[data-stream-calls="idle"]', { timeout: 30000 });
  assert.equal(await page.locator('#stream-results li').count(), before + 1, button);
  return page.locator('#stream-results li').last().innerText();
}

/** The streams form's defaults: 32 bytes, 200 to 231, at offset 16. */
const SENT = Array.from({ length: 32 }, (_, i) => 200 + i);

/**
 * The streams component, loaded on the first press: a stream write lands in
 * the buffer only, a list write of the same bytes also in the allocator's
 * block, a stream read carries them back; each call with its time; an
 * out-of-range read refused with the typed error.
 */
async function streams(ui) {
  const { page, text } = ui;
  const written = await streamCall(ui, 'writeViaStream');
  assert.match(await text('#streams-status'), /Loaded rust-streams: the buffer is 65536 bytes at address \d+ /);
  const pointer = Number(/at address (\d+)/.exec(await text('#streams-status'))[1]);
  const at = `0x${(pointer + 16).toString(16).padStart(8, '0')}`;
  assert.match(written, new RegExp(`^writeViaStream\\(16, 32, ReadableStream of \\[${SENT.join(', ')}\\]\\) → ok\\(32\\) in [\\d.]+ (ms|µs)`));
  assert.match(written, new RegExp(`Beneath the model, the 32 bytes stored are in memory at ${at} \\(the buffer\\): the buffer only$`));
  const cell = page.locator(`#stream-inspector td[data-address="${pointer + 16}"]`);
  assert.equal(await cell.innerText(), 'c8');
  assert.match(await cell.getAttribute('class'), /in-buffer.*passed/);

  // A range shorter than the bytes entered, which are new: the page looks for
  // the bytes the component stored (the count it answered), not every byte
  // entered, and finds them in the buffer.
  await page.fill('#stream-bytes', Array.from({ length: 32 }, (_, i) => 100 + i).join(' '));
  await page.fill('#stream-len', '20');
  const shorter = await streamCall(ui, 'writeViaStream');
  assert.match(shorter, /→ ok\(20\) in /);
  assert.match(shorter, new RegExp(`the 20 bytes stored are in memory at ${at} \\(the buffer\\): the buffer only$`));
  await page.fill('#stream-len', '8');
  const few = await streamCall(ui, 'writeViaStream');
  assert.match(few, /→ ok\(8\) in .*Beneath the model: the 8 bytes stored are too few to tell a copy from chance/s);
  await page.fill('#stream-bytes', SENT.join(' '));
  await page.fill('#stream-len', '32');

  const listed = await streamCall(ui, 'write');
  assert.match(listed, new RegExp(`^write\\(16, \\[${SENT.join(', ')}\\]\\) → ok in [\\d.]+ (ms|µs)`));
  assert.match(listed, new RegExp(`the 32 bytes stored are in memory at (0x[0-9a-f]{8}, )*${at} \\(the buffer\\)(, 0x[0-9a-f]{8})*: 1 outside the buffer$`));

  const read = await streamCall(ui, 'readViaStream');
  assert.match(read, new RegExp(`^readViaStream\\(16, 32\\), read to its end → ok\\(\\[${SENT.join(', ')}\\]\\) in`));

  await page.fill('#stream-len', '0');
  assert.match(await streamCall(ui, 'readViaStream'), /^readViaStream\(16, 0\), read to its end → ok\(\[\]\) in/);
  await page.fill('#stream-len', '32');

  await page.fill('#stream-offset', '65530');
  const refused = await streamCall(ui, 'readViaStream');
  assert.match(refused, /→ err\(out-of-bounds\(\{offset: 65530, len: 32, buffer-len: 65536\}\)\) in [\d.]+ (ms|µs)/);
  assert.match(refused, /bytes 65530\.\.65562 are outside the 65536-byte buffer/);
  await page.fill('#stream-offset', '16');
}

/** Each bad stream field: its message, no call logged, the buffer's bytes as they were. */
async function badStreamInput(ui) {
  const { page, text } = ui;
  const cases = [
    ['#stream-offset', '4294967296', 'writeViaStream', 'at most 4294967295 (u32)'],
    ['#stream-len', '-3', 'writeViaStream', 'a whole number from 0 to 4294967295'],
    ['#stream-bytes', '1 256', 'writeViaStream', '256 is not a byte: numbers from 0 to 255'],
    ['#stream-bytes', '7 '.repeat(65537), 'write', '65537 bytes: the buffer holds 65536'],
    ['#stream-len', 'all', 'readViaStream', 'a whole number from 0 to 4294967295'],
  ];
  const pointer = Number(/at address (\d+)/.exec(await text('#streams-status'))[1]);
  const bytes = async () => page.evaluate(() =>
    Array.from(document.querySelectorAll('#stream-inspector td'), (td) => td.textContent).join(' '));
  for (const [field, value, button, message] of cases) {
    const before = await page.locator('#stream-results li').count();
    const shown = await bytes();
    const original = await page.inputValue(field);
    await page.fill(field, value);
    await page.click(`#streams [name=${button}]`);
    await page.waitForSelector('body[data-stream-calls="idle"]');
    assert.equal(await text(`${field}-error`), message, `${field} = ${value.slice(0, 20)}`);
    assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    assert.equal(await page.locator('#stream-results li').count(), before, 'no call was made');
    assert.equal(await bytes(), shown, 'no byte changed');
    await page.fill(field, original);
  }
  const read = await streamCall(ui, 'readViaStream');
  assert.match(read, new RegExp(`→ ok\\(\\[${SENT.join(', ')}\\]\\)`), 'the buffer holds what was written');
  assert.equal(await page.locator(`#stream-inspector td[data-address="${pointer + 16}"]`).innerText(), 'c8');
}

async function accessible({ page }) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => globalThis.axe.run());
  const found = violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target).join(' ')}`);
  assert.deepEqual(found, []);
}
