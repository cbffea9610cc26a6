#!/usr/bin/env node
// The pictures of docs/content.md's "What a parent sees": the first screen (not the whole page)
// of the home page, an area page and the subscribe page on a phone, 390 by 844 pixels, from the
// 2023 fixture site built as on a given day (so that its dates read the same every time).
//
//   node tests/a11y/parent-screens.mjs --binary target/debug/sendsite
//
// --binary FILE  the sendsite to build with (needed)
// --root DIR     the site to build (default: tests/fixtures/framework-2023)
// --today DATE   build as if today were DATE (default: 2026-12-04)
// --out DIR      where to write parent-home.png, parent-area.png, parent-subscribe.png (default: docs)

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/serve.mjs';
import * as sites from './lib/site.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** A phone's window, at one device pixel per CSS pixel. */
const PHONE = { width: 390, height: 844 };
/** Each picture: its file name and the page's path under the site's base path. */
const SHOTS = [
  ['parent-home.png', ''],
  ['parent-area.png', 'areas/waiting-times/'],
  ['parent-subscribe.png', 'subscribe/'],
];

function parseArgs(argv) {
  const args = {
    binary: null,
    root: join(REPO, 'tests', 'fixtures', 'framework-2023'),
    today: '2026-12-04',
    out: join(REPO, 'docs'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) throw new Error(`unknown argument ${argv[i]}`);
    args[key] = key === 'today' ? argv[i + 1] : resolve(argv[i + 1]);
  }
  if (!args.binary) throw new Error('--binary is needed');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'sendsite-parent-screens-'));
  const dir = join(scratch, 'site');
  const server = await serve(dir, sites.basePath(args.root));
  try {
    // The site as published on that day: no drafts, no entries dated after it.
    const run = spawnSync(args.binary, ['build', '--root', args.root, '--output', dir, '--base-url', server.url, '--today', args.today], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the site does not build:\n${run.stdout ?? ''}${run.stderr ?? ''}${run.error ?? ''}`);
    mkdirSync(args.out, { recursive: true });
    const { context, close } = await launch({ viewport: PHONE, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, path] of SHOTS) {
      const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      if (!response?.ok()) throw new Error(`${server.url}${path} answered ${response?.status()}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      const file = join(args.out, name);
      await page.screenshot({ path: file, fullPage: false });
      console.log(`wrote ${file}`);
    }
    await close();
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
