// Builds what the page and the tests load: installs the npm packages when
// package-lock.json changed, builds the workspace's component with the
// README's command, transpiles it and every other component the page offers
// with jco into generated/ (and the checker component, which the Node tests
// put in front of every implementation), and bundles the production page
// into dist/.
//
//   npm run build        (npm start and npm test run it first)
//
// The page offers the workspace's component, then what interop/build made,
// when it has run: the other implementations and the lesson client composed
// with each. Only Node built-ins and npm-install.js are imported at the top:
// this runs before the npm install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installLocked } from './npm-install.js';

const demo = fileURLToPath(new URL('..', import.meta.url));
const workspace = join(demo, '..');
const TARGET = 'wasm32-wasip2';

function run(command, args, options = {}) {
  return execFileSync(command, args, { stdio: 'inherit', ...options });
}

function step(message) {
  console.log(`jco-demo: ${message}`);
}

// jco wraps the streams component's async exports in JSPI
// (WebAssembly.Suspending, WebAssembly.promising): Node 24 and newer.
const least = JSON.parse(readFileSync(join(demo, 'package.json'), 'utf8')).engines.node.replace('>=', '');
if (Number(process.versions.node.split('.')[0]) < Number(least)) {
  console.error(
    `error: jco-demo needs Node.js ${least} or newer (JSPI, for the streams component); this is Node.js ` +
      `${process.versions.node}. .ci/setup installs one into target/tools/ (jco-demo/README.md, step 1).`,
  );
  process.exit(1);
}

installLocked(demo);

// Same check as runner/host/build.rs: add the Rust target once, with rustup.
const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
if (!existsSync(join(sysroot, 'lib', 'rustlib', TARGET))) {
  step(`installing the ${TARGET} target with rustup (once)`);
  run('rustup', ['target', 'add', TARGET]);
}

const packages = ['linear-memory', 'linear-memory-streams', 'linear-memory-checker'];
step(`building the components and the checker (cargo build --release --target ${TARGET} -p ${packages.join(' -p ')})`);
run('cargo', ['build', '--release', '--target', TARGET, ...packages.flatMap((name) => ['-p', name])], {
  cwd: workspace,
});
const metadata = JSON.parse(
  execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: workspace, encoding: 'utf8' }),
);
const target = metadata.target_directory;

/**
 * What the page offers: [kind, name, .wasm], the workspace's components first
 * (the streams section's is the only implementation of linear-memory-streams).
 */
const offered = [
  ['implementation', 'rust', join(target, TARGET, 'release', 'linear_memory.wasm')],
  ['streams', 'rust-streams', join(target, TARGET, 'release', 'linear_memory_streams.wasm')],
];
const manifest = join(target, 'interop', 'implementations.json');
if (existsSync(manifest)) {
  for (const { name, component } of JSON.parse(readFileSync(manifest, 'utf8'))) {
    if (name === 'rust') continue;
    offered.push(['implementation', name, component]);
  }
  for (const implementation of ['rust', 'go', 'c']) {
    const name = `rust-client+${implementation}`;
    const composition = join(target, 'interop', 'compositions', `${name}.wasm`);
    if (existsSync(composition)) offered.push(['composition', name, composition]);
  }
} else {
  step('interop/build has not run: the page offers the Rust implementation only');
}

// --instantiation: the page hands jco the core modules and sees each core
// instance as it is created; that is where it finds the memories to inspect.
// For the streams component's async exports jco always emits JSPI glue
// (`--async-mode jspi` writes the same bytes).
step(`transpiling ${offered.map(([, name]) => name).join(', ')} (jco transpile --instantiation async)`);
const generated = join(demo, 'generated');
rmSync(generated, { recursive: true, force: true });
for (const [, name, wasm] of offered) {
  run(join(demo, 'node_modules', '.bin', 'jco'), [
    'transpile', wasm, '--instantiation', 'async', '--name', 'linear_memory', '--quiet', '-o', join(generated, name),
  ]);
}
writeFileSync(join(generated, 'catalog.js'), catalog(offered));
// The contract's rules, for the Node tests (test/contract.js); not on the page.
run(join(demo, 'node_modules', '.bin', 'jco'), [
  'transpile', join(target, TARGET, 'release', 'linear_memory_checker.wasm'), '--instantiation', 'async',
  '--name', 'linear_memory_checker', '--quiet', '-o', join(generated, 'checker'),
]);
// The contract's functions as the WIT declares them, for the argument checks
// (src/arguments.js): wit/conformance.json holds them for hosts without a WIT
// parser.
const { interface: name, functions } = JSON.parse(readFileSync(join(workspace, 'wit', 'conformance.json'), 'utf8'));
writeFileSync(
  join(generated, 'signatures.js'),
  `// Written by scripts/build.js from wit/conformance.json's functions.\nexport const SIGNATURES = ${JSON.stringify({ interface: name, functions }, null, 2)};\n`,
);

step('bundling the production page into dist/ (rolldown, minified, jco debug logging compiled out)');
const { bundle } = await import('./bundle.js');
await bundle();

/**
 * generated/catalog.js: each component the page offers, with an `import()`
 * of its glue written out, so a bundler splits each into a chunk of its own
 * and the page loads it only when it is chosen. `wasi`: whether it imports
 * WASI (its language's runtime does), which the page then provides with
 * preview2-shim, granting nothing.
 */
function catalog(components) {
  const entries = components.map(([kind, name, wasm]) => {
    const glue = readFileSync(join(generated, name, 'linear_memory.js'), 'utf8');
    return `  {
    kind: '${kind}',
    name: '${name}',
    bytes: ${statSync(wasm).size},
    wasi: ${glue.includes("imports['wasi:")},
    dir: 'generated/${name}/',
    load: () => import('./${name}/linear_memory.js'),
  },`;
  });
  return `// Written by scripts/build.js: what the page offers.\nexport const CATALOG = [\n${entries.join('\n')}\n];\n`;
}
