// Builds what the page and the tests load: installs the npm packages when
// package-lock.json changed, builds the workspace's component with the
// README's command, and transpiles it with jco into generated/.
//
//   npm run build        (npm start and npm test run it first)
//
// Only Node built-ins are used here: this script runs before the npm install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('..', import.meta.url));
const workspace = join(demo, '..');
const TARGET = 'wasm32-wasip2';

function run(command, args, options = {}) {
  return execFileSync(command, args, { stdio: 'inherit', ...options });
}

function step(message) {
  console.log(`jco-demo: ${message}`);
}

// Install only when the lock file is newer than the last install. `npm ci`
// would be the usual choice, but the registry these machines reach lacks some
// other platforms' optional binaries (rolldown's, for one), so npm records
// only this platform's in the lock file and `npm ci` then rejects it as out of
// sync. `npm install` installs the same locked versions; the check after it
// makes sure it did not re-resolve anything.
const lockFile = join(demo, 'package-lock.json');
const installed = join(demo, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockFile).mtimeMs) {
  step('installing the locked npm packages (npm install)');
  const locked = readFileSync(lockFile, 'utf8');
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: demo });
  if (readFileSync(lockFile, 'utf8') !== locked) {
    console.error('jco-demo: npm changed package-lock.json while installing: the registry resolved something');
    console.error('differently. Compare it with git diff, then commit it or restore it.');
    process.exit(1);
  }
}

// Same check as runner/build.rs: add the Rust target once, with rustup.
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
