// The demo's server: loopback only, WebAssembly as application/wasm; the
// development page from the sources, the production page from dist/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.js';

for (const [build, script] of [['development', 'src/main.js'], ['production', 'main.js']]) {
  test(`serves the ${build} page and the core module, with the right types, on 127.0.0.1`, async (t) => {
    const { url, server } = await serve(0, build);
    t.after(() => server.close());
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match(await page.text(), new RegExp(`<script type="module" src="${script}">`));
    const wasm = await fetch(new URL('generated/rust/linear_memory.core.wasm', url));
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await fetch(new URL('no-such-file', url))).status, 404);
  });
}

test('serve.js, which npm start runs, serves the production page; with --dev the development one', () => {
  const serveScript = fileURLToPath(new URL('../scripts/serve.js', import.meta.url));
  for (const [args, build] of [[[], 'production'], [['--dev'], 'development']]) {
    // PORT=0 picks a free port; the first line names the build, then `timeout` stops the server.
    const { stdout: printed } = spawnSync('timeout', ['-s', 'INT', '2', process.execPath, serveScript, ...args], {
      env: { ...process.env, PORT: '0' },
      encoding: 'utf8',
    });
    assert.match(printed, new RegExp(`^The linear-memory demo \\(${build} build\\) is at http://127\\.0\\.0\\.1:\\d+/`));
  }
});
