// Debian's Chromium, for the browser test and the benchmark: Playwright's
// own browser download does not work here, so playwright-core drives this one.
//
//   node scripts/chromium.js        (installs it when missing; npm test runs it first)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium with a profile of its own; `close()` stops it and
 * removes the profile. The flags keep it off the network this machine does
 * not have (and, as root, out of the sandbox it cannot set up).
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'linear-memory-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
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

if (import.meta.url === `file://${process.argv[1]}` && !existsSync(CHROMIUM)) {
  console.log(`jco-demo: installing Chromium from Debian (apt-get install chromium), about a minute`);
  const root = process.getuid?.() === 0;
  const apt = (...args) => execFileSync(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
}
