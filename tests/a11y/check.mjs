#!/usr/bin/env node
// Accessibility and validity checks of sites built by sendsite, in Debian's headless Chromium.
//
//   node check.mjs --binary target/debug/sendsite --site . --site tests/fixtures/small --built DIR
//
// --site ROOT   build the site in ROOT (skipped when the build fails: an invalid-input fixture)
// --site ROOT@YYYY-MM-DD
//               build it as on that day (--today), for what a page says only on some days
//               ("Coming up", a survey open until its closing day)
// --init        also check the starter site that `sendsite init` creates
// --built DIR   check a folder of HTML as it is, served at /
// --only REGEX  check only the pages whose label (site: /path/) matches
//
// Every HTML page is checked with axe-core (WCAG 2.0-2.2 A and AA, best practice) at 1280px and
// 320px, for sideways scrolling at 320px, for clipped text, sideways scrolling and words broken
// mid-word at 200% text size and sideways scrolling at 200% zoom, for words broken mid-word at
// 390px (and, on the home and area pages, the first glossary term's meaning opened in place:
// whole on screen, linking to the glossary, axe-clean, closed by Escape), for lines of text
// under about 75 characters, for link text that makes sense out of context, for a skip link on
// the first Tab and a visible focus indicator on every link and control, and for its h1 and main
// content with JavaScript off; every area page (areas/<slug>/index.html) at 390x844, a phone, for
// its type, the inspectors' latest, the council's latest and the plan's numbers all on the first
// screen; every chart for its name, its description in words and the contrast of its marks, on
// screen, in forced-colours mode and in print; then the Nu Html Checker validates every file, and
// Ajv checks each site's data.json against its data.schema.json. Exit code 1 on any problem. With
// A11Y_SCREENSHOTS=DIR, a forced-colours screenshot of every page with a chart is written to DIR.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import * as check from './lib/checks.mjs';
import { serve } from './lib/serve.mjs';
import { validateData } from './lib/data.mjs';
import * as sites from './lib/site.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Where the forced-colours screenshots of pages with charts are kept, if anywhere. */
const SHOTS = process.env.A11Y_SCREENSHOTS ? resolve(process.env.A11Y_SCREENSHOTS) : null;

function parseArgs(argv) {
  const args = { sites: [], built: [], binary: null, init: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--site') {
      const [root, today] = argv[++i].split('@');
      args.sites.push({ root: resolve(root), today });
    }
    else if (flag === '--built') args.built.push(resolve(argv[++i]));
    else if (flag === '--binary') args.binary = resolve(argv[++i]);
    else if (flag === '--init') args.init = true;
    else if (flag === '--only') args.only = new RegExp(argv[++i]);
    else throw new Error(`unknown argument ${flag}`);
  }
  if ((args.sites.length || args.init) && !args.binary) throw new Error('--site and --init need --binary');
  return args;
}

/** Builds each site root into a temporary folder served under its base path. */
async function prepare(args, scratch) {
  const ready = [];
  const roots = args.sites.map(({ root, today }) => ({ root, today, name: today ? `${root} as on ${today}` : root }));
  if (args.init) {
    for (const framework of ['2023', '2016']) {
      const root = join(scratch, `init-site-${framework}`);
      sites.init(args.binary, root, framework);
      roots.push({ root, name: `the \`sendsite init --framework ${framework}\` starter site` });
    }
  }
  for (const [i, { root, name, today }] of roots.entries()) {
    const dir = join(scratch, `site-${i}`);
    const mount = sites.basePath(root);
    const server = await serve(dir, mount);
    const built = sites.build(args.binary, root, dir, server.url, today);
    if (built.ok) ready.push({ name, dir, mount, server, data: true });
    else {
      console.log(`skip ${name}: it does not build (an invalid-input fixture)`);
      await server.close();
    }
  }
  for (const dir of args.built) ready.push({ name: dir, dir, mount: '/', server: await serve(dir, '/') });
  return ready;
}

/** Every page of every site: { site, file, url, label, redirect }. */
function pagesOf(ready) {
  return ready.flatMap((site) => sites.htmlFiles(site.dir).map((file) => ({
    site,
    file,
    url: `${site.server.url}${sites.pagePath(file)}`,
    label: `${site.name}: ${site.mount}${sites.pagePath(file)}`,
    redirect: sites.isRedirect(site.dir, file),
  })));
}

/** The JavaScript-on checks of one page; returns its problems and what it reads like. */
async function checkPage(page, p) {
  if (p.redirect) {
    const html = readFileSync(join(p.site.dir, p.file), 'utf8');
    return { problems: [...(await check.redirects(page, p.url, html)), ...(await check.redirectMarkup(page, html))] };
  }
  await page.setViewportSize(check.WIDE);
  const problems = await check.open(page, p.url);
  problems.push(...(await check.axe(page, '1280px')));
  problems.push(...(await check.lineLength(page)));
  problems.push(...(await check.linkText(page)));
  problems.push(...(await check.charts(page, SHOTS, p.label.replace(/[^a-z0-9]+/gi, '-'))));
  const content = await check.readable(page);
  problems.push(...(await check.keyboard(page)));
  problems.push(...(await check.zoomedText(page)));
  problems.push(...(await check.narrow(page, p.url)));
  const startsHere = p.file === 'index.html' || check.isAreaPage(p.file);
  problems.push(...(await check.phone(page, p.url, startsHere)));
  if (check.isAreaPage(p.file)) problems.push(...(await check.firstScreen(page, p.url)).problems);
  return { problems, content };
}

/** How many pages are checked at once (one tab each); the machine's cores set the pace. */
const TABS = Math.max(1, Math.min(4, availableParallelism()));

/** Runs `work(page, item)` for every item, spread over a few tabs of `context`. */
async function inParallel(context, items, work) {
  const queue = [...items];
  const tab = async () => {
    const page = await context.newPage();
    for (let item = queue.shift(); item; item = queue.shift()) await work(page, item);
    await page.close();
  };
  await Promise.all(Array.from({ length: TABS }, tab));
}

/** With JavaScript off, every page shows its h1 and the same main content. */
async function checkWithoutScript(pages, results) {
  const { context, close } = await launch({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const p of pages.filter((p) => !p.redirect)) {
    await page.goto(p.url, { waitUntil: 'load' });
    const seen = await check.readable(page);
    const withScript = results.get(p).content;
    const problems = results.get(p).problems;
    if (!seen.h1) problems.push('without JavaScript: no visible h1');
    if (!seen.main) problems.push('without JavaScript: no visible main content');
    else if (withScript?.main && seen.main !== withScript.main) problems.push('without JavaScript: the main content differs from the page with JavaScript');
  }
  await close();
}

/** The Nu Html Checker's errors for every HTML file, per file path. */
function validate(ready) {
  const jar = join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', ...ready.map((s) => s.dir)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  let messages;
  try {
    messages = JSON.parse(run.stderr).messages;
  } catch {
    throw new Error(`vnu did not answer in JSON (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  }
  const byFile = new Map();
  for (const m of messages.filter((m) => m.type === 'error' || m.subType === 'fatal')) {
    const file = fileURLToPath(m.url);
    byFile.set(file, [...(byFile.get(file) ?? []), `vnu line ${m.lastLine}: ${m.message}`]);
  }
  return byFile;
}

function report(pages, results, vnu) {
  let failed = 0;
  let problemCount = 0;
  for (const p of pages) {
    const problems = [...results.get(p).problems, ...(vnu.get(join(p.site.dir, p.file)) ?? [])];
    problemCount += problems.length;
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${p.label}`);
      for (const problem of problems) console.log(`  - ${problem}`);
    }
  }
  const vnuCount = [...vnu.values()].reduce((n, list) => n + list.length, 0);
  console.log(`\n${pages.length} pages checked; ${problemCount} problems (of which ${vnuCount} HTML validity errors).`);
  console.log(`a11y: ${pages.length - failed} passed, ${failed} failed`);
  return failed === 0;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'sendsite-a11y-'));
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  try {
    const ready = await prepare(args, scratch);
    const pages = pagesOf(ready).filter((p) => !args.only || args.only.test(p.label));
    const results = new Map();
    const { context, close } = await launch();
    await inParallel(context, pages, async (page, p) => results.set(p, await checkPage(page, p)));
    await close();
    await checkWithoutScript(pages, results);
    const vnu = validate(ready);
    for (const site of ready) await site.server.close();
    let dataOk = true;
    for (const site of ready.filter((s) => s.data)) {
      const problems = validateData(site.dir);
      if (problems.length) {
        dataOk = false;
        console.log(`FAIL ${site.name}: data.json does not match data.schema.json`);
        for (const problem of problems) console.log(`  - ${problem}`);
      }
    }
    console.log(`open data: ${ready.filter((s) => s.data).length} sites' data.json checked against their schema${dataOk ? '' : ': some do not match'}`);
    process.exitCode = report(pages, results, vnu) && dataOk ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
