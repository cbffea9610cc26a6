// Debian's Chromium, driven by playwright-core. No browser is ever downloaded: the system one is
// launched with the flags below and a fresh, throw-away profile folder for every launch.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a fresh profile (playwright passes it as --user-data-dir) and returns
 * the browser context; `options` are context options such as { javaScriptEnabled: false }.
 * Requests to anywhere but 127.0.0.1 are refused, so a check never leaves this machine.
 */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sendsite-a11y-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
