// Installs the page's locked npm packages with `npm ci`, when its
// package.json or package-lock.json is newer than the last install.
// scripts/build.js (which `npm start` and `npm test` run first) calls it, and
// .ci/setup runs it, so that the tests start with the page's tools in place:
//
//   node jco-demo/scripts/npm-install.js
//
// `npm ci` installs exactly what the lock file names and never writes it: a
// lock file that no longer matches package.json fails here, loudly, instead
// of being re-resolved. The lock file holds every platform's optional
// binaries (rolldown's, jco's node-fs, ...), so the same command works on
// Linux, macOS and Windows, x64 and arm64; .ci/lock-files.test.js keeps it so.
//
// Only Node built-ins are used here: this runs before any install.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether `dir`'s node_modules was installed after its manifest and lock file last changed. */
function upToDate(dir) {
  const installed = join(dir, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  const since = statSync(installed).mtimeMs;
  return ['package.json', 'package-lock.json'].every((file) => statSync(join(dir, file)).mtimeMs <= since);
}

/** Installs `dir`'s locked packages unless node_modules is up to date. */
export function installLocked(dir) {
  if (upToDate(dir)) return;
  console.log(`\n==> set-up: the locked npm packages of ${dir} (npm ci)`);
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  } catch {
    console.error(`error: npm ci failed in ${dir} (its output is above); package-lock.json must match package.json`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  installLocked(fileURLToPath(new URL('..', import.meta.url)));
}
