// Installs the locked npm packages of each folder given, when its
// package-lock.json is newer than the last install.
//
//   node jco-demo/scripts/npm-install.js DIR...   (.ci/setup and build.js run it)
//
// `npm ci` would be the usual choice, but the registry these machines reach
// lacks some other platforms' optional binaries (rolldown's, for one), so npm
// records only this platform's in the lock file and `npm ci` then rejects it
// as out of sync. `npm install` installs the same locked versions; the check
// after it makes sure it did not re-resolve anything.
//
// Only Node built-ins are used here: this runs before any install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Installs `dir`'s locked packages unless node_modules is up to date. */
export function installLocked(dir) {
  const lockFile = join(dir, 'package-lock.json');
  const installed = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockFile).mtimeMs) return;
  console.log(`\n==> set-up: the locked npm packages of ${dir} (npm install)`);
  const locked = readFileSync(lockFile, 'utf8');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (readFileSync(lockFile, 'utf8') !== locked) {
    console.error(`error: npm changed ${lockFile} while installing: the registry resolved something differently.`);
    console.error('Compare it with git diff, then commit it or restore it.');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of process.argv.slice(2)) installLocked(resolve(dir));
}
