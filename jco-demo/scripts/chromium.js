// Makes sure Debian's Chromium is installed for the browser test: Playwright's
// own browser download does not work here, so playwright-core drives this one.
//
//   node scripts/chromium.js        (npm test runs it first)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

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
