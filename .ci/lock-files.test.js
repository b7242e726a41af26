// The project's npm lock files install on every platform with `npm ci`.
//
//   node --test .ci/lock-files.test.js     (.ci/test runs it)
//
// npm writes an entry for each optional binary a package offers (rolldown's
// @rolldown/binding-darwin-arm64, jco's node-fs for win32, ...) only if the
// registry served it when the lock was written; `npm ci` on a platform whose
// entry is missing fails, and `npm install` rewrites the tracked lock file.
// This checks that every optional dependency of every locked package has an
// entry, and names the ones that do not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/**
 * Each lock file, with how many optional entries it holds at least: the page's and the
 * interop builds' bring many platforms' binaries; .ci/node's are one `node` binary per
 * platform the registry serves the pinned LTS for (Linux x64 and arm64).
 */
const LOCK_FILES = [
  ['jco-demo/package-lock.json', 20],
  ['interop/package-lock.json', 20],
  ['.ci/node/package-lock.json', 2],
];

/** The lock entry Node would resolve `dependency` to from the package at `path`, or undefined. */
function resolveEntry(packages, path, dependency) {
  for (let from = path; ; ) {
    const candidate = `${from ? `${from}/` : ''}node_modules/${dependency}`;
    if (packages[candidate]) return packages[candidate];
    if (!from) return undefined;
    const parent = from.lastIndexOf('/node_modules/');
    from = parent < 0 ? '' : from.slice(0, parent);
  }
}

/** Every `package -> optional dependency` of `lock` that has no entry. */
export function missingOptionalEntries(lock) {
  const missing = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveEntry(lock.packages, path, dependency)) missing.push(`${path || '(root)'} -> ${dependency}`);
    }
  }
  return missing;
}

for (const [file, least] of LOCK_FILES) {
  test(`${file} has an entry for every platform's optional binaries`, () => {
    const lock = JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
    assert.equal(lock.lockfileVersion, 3);
    const optional = Object.values(lock.packages).filter((entry) => entry.optional).length;
    assert.ok(optional >= least, `only ${optional} optional entries: were other platforms' binaries dropped?`);
    assert.deepEqual(missingOptionalEntries(lock), [], 'regenerate it with npm install, then commit it');
  });
}

test('the check names a missing entry', () => {
  const lock = {
    packages: {
      '': { devDependencies: { rolldown: '1' } },
      'node_modules/rolldown': { optionalDependencies: { '@rolldown/binding-darwin-arm64': '1', here: '1' } },
      'node_modules/here': {},
    },
  };
  assert.deepEqual(missingOptionalEntries(lock), ['node_modules/rolldown -> @rolldown/binding-darwin-arm64']);
});
