// The Chromium that playwright-core drives for the browser test and the
// benchmark. Playwright's own browser download is not used: the project pins
// playwright-core and runs a Chromium the system provides.
//
//   node scripts/chromium.js        (npm test runs it first)
//
// Which one: $CHROMIUM when set, else the first of DEFAULT_PATHS that exists.
// When there is none, on Debian or Ubuntu as root it installs the `chromium`
// package with apt-get (about a minute); anywhere else it stops with one line
// that says how to provide one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const HOW_TO_PROVIDE = "install the package 'chromium' (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome";

/** The browser's path: $CHROMIUM, or the first default that exists (undefined when none does). */
export function chromiumPath() {
  return process.env.CHROMIUM || DEFAULT_PATHS.find((path) => existsSync(path));
}

/**
 * Starts headless Chromium with a profile of its own; `close()` stops it and
 * removes the profile. The flags keep it off the network (the test serves
 * the page on loopback and needs nothing else) and, as root, out of the
 * sandbox it cannot set up.
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'linear-memory-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    ...options,
  });
  const close = async () => {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Makes sure a Chromium is there, installing Debian's when this set-up can. */
function provideChromium() {
  if (process.env.CHROMIUM) {
    if (!existsSync(process.env.CHROMIUM)) fail(`CHROMIUM=${process.env.CHROMIUM} does not exist; ${HOW_TO_PROVIDE}`);
    return;
  }
  if (chromiumPath()) return;
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) fail(`the browser test needs Chromium, and none was found: ${HOW_TO_PROVIDE}`);
  console.log('\n==> set-up: installing Chromium (apt-get install chromium), about a minute');
  const apt = (...args) =>
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
}

if (import.meta.url === `file://${process.argv[1]}`) provideChromium();
