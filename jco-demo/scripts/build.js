// Builds what the page and the tests load: installs the npm packages when
// package-lock.json changed, builds the workspace's component with the
// README's command, and transpiles it with jco into generated/.
//
//   npm run build        (npm start and npm test run it first)
//
// Only Node built-ins and npm-install.js are used here: this runs before the
// npm install.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
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

installLocked(demo);

// Same check as runner/host/build.rs: add the Rust target once, with rustup.
const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
if (!existsSync(join(sysroot, 'lib', 'rustlib', TARGET))) {
  step(`installing the ${TARGET} target with rustup (once)`);
  run('rustup', ['target', 'add', TARGET]);
}

step(`building the component (cargo build --release --target ${TARGET} -p linear-memory)`);
run('cargo', ['build', '--release', '--target', TARGET, '-p', 'linear-memory'], { cwd: workspace });
const metadata = JSON.parse(
  execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: workspace, encoding: 'utf8' }),
);
const wasm = join(metadata.target_directory, TARGET, 'release', 'linear_memory.wasm');

// --instantiation: the page hands jco the core modules and sees each core
// instance as it is created; that is where it finds the memory to inspect.
step('transpiling it (jco transpile --instantiation async)');
const generated = join(demo, 'generated');
rmSync(generated, { recursive: true, force: true });
run(join(demo, 'node_modules', '.bin', 'jco'), [
  'transpile', wasm, '--instantiation', 'async', '--name', 'linear_memory', '--quiet', '-o', generated,
]);
