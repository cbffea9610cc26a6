#!/usr/bin/env node
// Screenshots for review (not a test): the home page, an entry, an area, the subscribe page (when
// the site has one), the glossary and the accessibility statement, each at 1280px and 320px; and
// the home page as printed and in forced-colours mode.
//
//   node screenshots.mjs --binary target/debug/sendsite --site . --out screenshots

import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/serve.mjs';
import * as sites from './lib/site.mjs';

const WIDTHS = [1280, 320];

function parseArgs(argv) {
  const args = { site: '.', out: 'screenshots', binary: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown argument ${argv[i]}`);
    args[key] = resolve(argv[i + 1]);
  }
  if (!args.binary) throw new Error('--binary is needed');
  return args;
}

/** The pages to photograph: name → site-relative path, found from the home page's own links. */
async function choosePages(page, url, dir) {
  await page.goto(url);
  const first = (selector) => page.$eval(selector, (a) => a.getAttribute('href')).catch(() => null);
  const relative = (href) => (href ? href.replace(new URL(url).pathname, '') : null);
  const chosen = {
    home: '',
    entry: relative(await first('.entry-card a')),
    area: relative(await first('.area-card a')),
    subscribe: existsSync(join(dir, 'subscribe', 'index.html')) ? 'subscribe/' : null,
    glossary: existsSync(join(dir, 'glossary', 'index.html')) ? 'glossary/' : null,
    accessibility: 'accessibility/',
  };
  return Object.entries(chosen).filter(([, path]) => path !== null);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'sendsite-shots-'));
  const dir = join(scratch, 'site');
  const server = await serve(dir, sites.basePath(args.site));
  const built = sites.build(args.binary, args.site, dir, server.url);
  if (!built.ok) throw new Error(`the site does not build:\n${built.log}`);
  mkdirSync(args.out, { recursive: true });
  const { context, close } = await launch();
  const page = await context.newPage();
  for (const [name, path] of await choosePages(page, server.url, dir)) {
    if (!path && name !== 'home') continue;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      const file = join(args.out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
    }
  }
  for (const [name, media] of [['print', { media: 'print' }], ['forced-colours', { media: 'screen', forcedColors: 'active' }]]) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia(media);
    await page.goto(server.url, { waitUntil: 'load' });
    const file = join(args.out, `home-${name}-1280.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  }
  await close();
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
