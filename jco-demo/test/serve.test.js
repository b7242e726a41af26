// The demo's server: loopback only, WebAssembly as application/wasm.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serve } from '../scripts/serve.js';

test('serves the page and the core module, with the right types, on 127.0.0.1', async (t) => {
  const { url, server } = await serve(0);
  t.after(() => server.close());
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const wasm = await fetch(new URL('generated/rust/linear_memory.core.wasm', url));
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await fetch(new URL('no-such-file', url))).status, 404);
});
