// The browser checks of one page. Each returns a list of problems (strings); empty means it passed.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as inpage from './inpage.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 320, height: 640 };
/** A phone: the first screen of an area page is measured at this size. */
export const PHONE = { width: 390, height: 844 };

/** Loads `url` and fails on a resource (style sheet, image) that does not load. */
export async function open(page, url) {
  const broken = [];
  const onResponse = (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') broken.push(`${r.url()} answered ${r.status()}`);
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'load' });
  page.off('response', onResponse);
  return broken.map((b) => `a resource did not load: ${b}`);
}

/** axe-core's violations on the page as it is now. */
export async function axe(page, label) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ').trim()}`),
    }))),
    AXE_TAGS,
  );
  return violations.map((v) => `axe ${v.id} (${v.impact}) at ${label}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `      ${n}`).join('\n')}`);
}

/** The longest a line of text may be, in characters (about 75; the estimate is rough). */
export const MAX_LINE = 78;

/** At 1280px, lines of text stay short enough to read comfortably. */
export async function lineLength(page) {
  return (await page.evaluate(inpage.longLines, MAX_LINE)).map((l) => `line length: ${l}`);
}

/** Every link says where it goes, even read out of context in a list of links (WCAG 2.4.9). */
export async function linkText(page) {
  return (await page.evaluate(inpage.vagueLinks)).map((l) => `link text: ${l}`);
}

/** At 320px: axe, and no sideways scrolling (WCAG 1.4.10 Reflow). */
export async function narrow(page, url) {
  await page.setViewportSize(NARROW);
  const problems = await open(page, url);
  const wide = await page.evaluate(inpage.sidewaysScroll);
  if (wide.length) problems.push(`scrolls sideways at 320px: ${wide.join('; ')}`);
  problems.push(...(await axe(page, '320px')));
  return problems;
}

/** Whether a built file is an area's page (`areas/<slug>/index.html`). */
export function isAreaPage(file) {
  return /^areas\/[^/]+\/index\.html$/.test(file);
}

/**
 * An area page at 390x844 (a phone), loaded afresh and at the top: its type, the inspectors'
 * latest, the council's latest and the plan's numbers (when it has a plan) are each wholly on the
 * first screen. Returns the problems and the measured bottoms.
 */
export async function firstScreen(page, url) {
  await page.setViewportSize(PHONE);
  const problems = await open(page, url);
  const seen = await page.evaluate(inpage.areaFirstScreen);
  const at = `first screen at ${PHONE.width}x${PHONE.height}`;
  for (const line of seen.lines) {
    if (line.bottom === null) {
      if (line.required) problems.push(`${at}: ${line.name} is not on the page`);
    } else if (line.bottom > seen.height) {
      problems.push(`${at}: ${line.name} is ${Math.ceil(line.bottom - seen.height)}px below the first screen (its bottom at ${Math.ceil(line.bottom)}px, the screen ${seen.height}px tall)`);
    }
  }
  return { problems, seen };
}

/**
 * With text at 200% (on the page as loaded at 1280px): nothing cut off, no sideways scrolling
 * (WCAG 1.4.4), no word broken mid-word. Then the whole page zoomed to 200%: no table or chart
 * makes it scroll sideways.
 */
export async function zoomedText(page) {
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const problems = (await page.evaluate(inpage.clippedContent)).map((c) => `at 200% text: ${c}`);
  const wide = await page.evaluate(inpage.sidewaysScroll);
  if (wide.length) problems.push(`at 200% text the page scrolls sideways: ${wide.join('; ')}`);
  problems.push(...(await page.evaluate(inpage.brokenWords)).map((w) => `at 200% text: ${w}`));
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; document.documentElement.style.zoom = '2'; });
  const zoomed = await page.evaluate(inpage.sidewaysScroll);
  if (zoomed.length) problems.push(`at 200% zoom the page scrolls sideways: ${zoomed.join('; ')}`);
  await page.evaluate(() => { document.documentElement.style.zoom = ''; });
  return problems;
}

/**
 * On a phone (390x844): no word broken mid-word; and on the pages a parent starts from (the home
 * page, an area's page), the first glossary term opens its meaning in place, whole on the
 * screen, linking to the glossary, axe-clean while open, and Escape closes it.
 */
export async function phone(page, url, withTerm) {
  await page.setViewportSize(PHONE);
  const problems = await open(page, url);
  const at = `at ${PHONE.width}px`;
  problems.push(...(await page.evaluate(inpage.brokenWords)).map((w) => `${at}: ${w}`));
  if (!withTerm) return problems;
  const opened = await page.evaluate(inpage.openFirstTerm);
  if (!opened) return problems;
  problems.push(...opened.problems.map((p) => `${at}, the term "${opened.term}": ${p}`));
  problems.push(...(await axe(page, `${PHONE.width}px with the meaning of "${opened.term}" open`)));
  await page.keyboard.press('Escape');
  const still = await page.evaluate(() => !!document.querySelector('.term-meaning:popover-open'));
  if (still) problems.push(`${at}, the term "${opened.term}": Escape does not close its meaning`);
  return problems;
}

/**
 * Keyboard, on the page as loaded: the first Tab reaches a skip link; Tab then reaches every link
 * and control, each with a visible change when focused; activating the skip link moves focus to main.
 */
export async function keyboard(page) {
  const count = await page.evaluate(inpage.markFocusable, inpage.FOCUSABLE);
  const problems = [];
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(inpage.skipLinkState);
  if (!skip.ok) problems.push(`keyboard: ${skip.why}`);
  const seen = new Set();
  let look = await page.evaluate(inpage.focusedLook);
  const first = look.index;
  // A date or time field takes a Tab for each of its parts (day, month, year) and stays focused.
  let last = null;
  for (let i = 0; look.index !== null && i <= count * 4; i += 1) {
    if (look.index !== last) {
      if (seen.has(look.index)) break;
      seen.add(look.index);
      if (!look.visible) problems.push(`keyboard: ${look.label} shows no visible focus indicator`);
    }
    last = look.index;
    await page.keyboard.press('Tab');
    look = await page.evaluate(inpage.focusedLook);
  }
  if (seen.size < count) problems.push(`keyboard: Tab reached ${seen.size} of the ${count} links and controls`);
  if (skip.ok) {
    await page.evaluate((index) => document.querySelector(`[data-a11y-index="${index}"]`).focus(), first);
    await page.keyboard.press('Enter');
    if (!(await page.evaluate(inpage.focusInMain))) problems.push('keyboard: the skip link does not move focus to the main content');
  }
  return problems;
}

/** What the page reads like: its h1 and main text (used to compare with JavaScript off). */
export function readable(page) {
  return page.evaluate(inpage.readableContent);
}

/** A redirect page takes the reader to the address in its canonical link. */
export async function redirects(page, url, html) {
  const target = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForURL(target, { timeout: 5000 }).catch(() => {});
  return page.url() === target ? [] : [`redirect: landed on ${page.url()}, not ${target}`];
}

/** axe on a redirect page's own markup, without the refresh that would leave it at once. */
export async function redirectMarkup(page, html) {
  await page.setViewportSize(WIDE);
  await page.setContent(html.replace(/<meta http-equiv="refresh"[^>]*>/i, ''), { waitUntil: 'load' });
  return axe(page, '1280px');
}

/** The least contrast a chart's line, points, target and axis need against the page (WCAG 1.4.11). */
export const MARK_CONTRAST = 3;

/** What is wrong with the charts on the page as it is now (`label`: the mode, e.g. "forced colours"). */
async function chartProblems(page, label) {
  const problems = [];
  for (const c of await page.evaluate(inpage.chartFacts)) {
    const at = `chart ${c.index + 1} (${label})`;
    if (c.role !== 'img') problems.push(`${at}: role is ${c.role}, not img`);
    if (!c.name) problems.push(`${at}: no accessible name`);
    if (!/\.$/.test(c.description)) problems.push(`${at}: no description in words`);
    if (c.labels < 2) problems.push(`${at}: its axes have no text labels`);
    if (c.points < 2) problems.push(`${at}: fewer than two points`);
    if (c.width < 1) problems.push(`${at}: not shown`);
    for (const m of c.marks) {
      if (!m.visible) problems.push(`${at}: ${m.selector} is not drawn`);
      if (m.ratio < MARK_CONTRAST) problems.push(`${at}: ${m.selector} has contrast ${m.ratio.toFixed(2)}:1 against the page, under ${MARK_CONTRAST}:1`);
    }
  }
  return problems;
}

/**
 * Charts, on the page as loaded: named, described and with enough contrast as shown, in Windows
 * forced-colours mode (a screenshot of each page with charts is kept in `shots`, when given) and
 * as printed.
 */
export async function charts(page, shots, name) {
  if (!(await page.$('svg.chart'))) return [];
  const problems = await chartProblems(page, 'screen');
  await page.emulateMedia({ forcedColors: 'active' });
  problems.push(...(await chartProblems(page, 'forced colours')));
  if (shots) await page.screenshot({ path: `${shots}/${name}-forced-colours.png`, fullPage: true });
  await page.emulateMedia({ forcedColors: 'none', media: 'print' });
  problems.push(...(await chartProblems(page, 'print')));
  await page.emulateMedia({ media: 'screen' });
  return problems;
}
