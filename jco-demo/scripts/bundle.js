// The production build: the page bundled and minified into dist/, and the
// Node host and the benchmark's instance bundled the same way into
// dist/node/ and dist/bench/, by rolldown.
//
//   node scripts/bundle.js      (build.js runs it last; generated/ must exist)
//
// jco's glue logs through `_debugLog`, whose first act on every call is to
// read `globalThis?.process?.env?.JCO_DEBUG`. Defining that expression as
// `false` leaves the function empty, and the minifier drops the calls and
// their argument objects. Each component's glue is a chunk of its own
// (generated/catalog.js imports each with `import()`), loaded when chosen.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const demo = fileURLToPath(new URL('..', import.meta.url));
const dist = join(demo, 'dist');

const DEFINE = { 'globalThis.process.env.JCO_DEBUG': 'false' };

/** What rolldown says that is expected, and not worth a line on every build. */
function quiet(level, log, report) {
  // jco's glue opens with a "use components" directive, which means nothing to a bundler.
  if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
  report(level, log);
}

/** Builds dist/: the page, its chunks, its style and each component's core modules. */
export async function bundle() {
  rmSync(dist, { recursive: true, force: true });
  await bundleOne('src/main.js', 'browser', dist, { chunkFileNames: chunkName });
  // Used only for the other implementations, which the tests load from elsewhere.
  const shim = '@bytecodealliance/preview2-shim/instantiation';
  await bundleOne('src/node-instance.js', 'node', join(dist, 'node'), {}, [shim]);
  // The component through the bundled glue, for the benchmark's page (bench/compare.js).
  await bundleOne('bench/bundled-instance.js', 'browser', join(dist, 'bench'));
  writeFileSync(join(dist, 'index.html'), productionHtml(readFileSync(join(demo, 'index.html'), 'utf8')));
  cpSync(join(demo, 'src', 'style.css'), join(dist, 'style.css'));
  copyCoreModules(join(demo, 'generated'), join(dist, 'generated'));
}

/**
 * Bundles `entry` (a path in jco-demo/) for `platform` into `dir`, under the
 * entry's own file name, minified and with jco's debug logging compiled out.
 */
function bundleOne(entry, platform, dir, output = {}, external = []) {
  return build({
    input: join(demo, entry),
    platform,
    // jco's glue imports node:fs only when it runs in Node, never in a page.
    external: [/^node:/, ...external],
    transform: { define: DEFINE },
    onLog: quiet,
    output: { dir, format: 'esm', minify: true, entryFileNames: basename(entry), ...output },
  });
}

/** A chunk's file: a component's glue is named after the component (its folder in generated/). */
function chunkName({ facadeModuleId }) {
  const glue = facadeModuleId?.match(/generated\/([^/]+)\/linear_memory\.js$/);
  return `${glue ? glue[1] : '[name]'}-[hash].js`;
}

/**
 * index.html, pointing at the bundle: no import map (the bundler resolved
 * every bare specifier), the bundled script and the style beside it.
 */
export function productionHtml(html) {
  const page = html
    .replace(/\s*<script type="importmap">[\s\S]*?<\/script>/, '')
    .replace('href="src/style.css"', 'href="style.css"')
    .replace('src="src/main.js"', 'src="main.js"');
  if (page.includes('src/')) throw new Error('index.html: a reference to src/ is left in the production page');
  return page;
}

/** Copies every component's `.wasm` files into the same places under `to`. */
function copyCoreModules(from, to) {
  for (const name of readdirSync(from, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    mkdirSync(join(to, name.name), { recursive: true });
    for (const file of readdirSync(join(from, name.name)).filter((file) => file.endsWith('.wasm'))) {
      cpSync(join(from, name.name, file), join(to, name.name, file));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bundle();
