#!/usr/bin/env node
// The editor of `sendsite serve`, driven in Debian's Chromium as a comms officer would use it:
// it adds an update with two areas and a PDF, edits its title, makes a mistake and fixes it,
// previews a change, and edits a page — reading the files on disk and the preview's page after
// each step. It also does it once with JavaScript off. Every state of the editor it meets is
// checked like the site's pages (axe at 1280 and 320px, keyboard, 200% text, line length, link
// text, and the Nu Html Checker). Exit code 1 on any problem.
//
//   node editor.mjs --binary target/debug/sendsite --fixture tests/fixtures/framework-2023
//
// With EDITOR_SCREENSHOT=FILE, a screenshot of the filled-in form is saved (the README's);
// with SETTINGS_SCREENSHOT=FILE and MEASURE_SCREENSHOT=FILE, of the settings and measure forms;
// with REVIEW_SCREENSHOT=FILE, of Review and publish showing an item's words marked.
// With EDITOR_TIMES=N, the update's title is saved N more times and the time from pressing
// Save to the preview showing the new title is printed (median and all).

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import * as check from './lib/checks.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--binary') args.binary = resolve(argv[++i]);
    else if (argv[i] === '--fixture') args.fixture = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.binary || !args.fixture) throw new Error('--binary and --fixture are needed');
  return args;
}

/** Starts `sendsite serve` on a copy of the site; resolves to { url, edit, origin, stop }. */
function serve(binary, root, extra = []) {
  const child = spawn(binary, ['serve', '--root', root, '--port', '0', '--today', '2026-11-01', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${out}${err}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /^Serving .* at (\S+)$/m.exec(out)?.[1];
      // A team's editor is reached through its sign-in proxy, which serve names by the site's
      // own address: here the test plays the proxy, at the served address itself.
      const team = extra.includes('--team');
      const edit = team && url ? `${url}__sendsite/edit/` : /^Edit the site: (\S+)$/m.exec(out)?.[1];
      if (url && edit && /^Watching/m.test(out)) {
        clearTimeout(timer);
        done({ url, edit, origin: new URL(url).origin, output: () => out + err, stop: () => child.kill() });
      }
    });
    child.on('exit', (code) => fail(new Error(`serve stopped (${code}):\n${out}${err}`)));
  });
}

const problems = [];
function expect(ok, what) {
  if (!ok) problems.push(what);
  return ok;
}

/** The pages of the editor met on the way, to check for accessibility once the story is done. */
const states = [];
async function remember(page, label) {
  states.push({ label, html: await page.content(), url: page.url(), focused: await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName) });
}

/** Waits until `check` holds (the preview rebuilds in the background); bounded. */
async function eventually(what, check) {
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  problems.push(`timed out waiting for ${what}`);
  return false;
}

const read = (root, rel) => (existsSync(join(root, rel)) ? readFileSync(join(root, rel), 'utf8') : null);
const updatesOf = (root) => readdirSync(join(root, 'content/updates'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).sort();

/** The story of the issue, in the browser; `js` says whether JavaScript is on. */
async function story(context, server, root, js) {
  const page = await context.newPage();
  const label = js ? '' : ' (JavaScript off)';
  await page.goto(server.edit);
  expect(page.url() === server.edit.split('?')[0], `${label}the key leaves the address: ${page.url()}`);
  expect(await page.getByRole('heading', { level: 1, name: 'Updates and pages' }).isVisible(), `${label}the list of updates opens`);
  if (js) await remember(page, 'the list of updates and pages');
  await page.getByRole('main').getByRole('link', { name: 'New update' }).click();
  await page.waitForURL(/\/update$/);
  if (js) await remember(page, 'the new update form');

  // The issue's exact labels, each on one field only.
  for (const name of ['Title', 'Date', 'Summary', 'Body']) {
    expect(await page.getByLabel(name, { exact: true }).count() === 1, `${label}one field is labelled "${name}"`);
  }
  for (const name of ['Kind', 'Areas']) {
    expect(await page.getByRole('group', { name, exact: true }).count() === 1, `${label}one group of choices is labelled "${name}"`);
  }
  // A text box that takes dates as people write them: a browser's date picker put "32025-12-04"
  // in it when typed into, and showed day and month in the browser's own order.
  expect(await page.getByLabel('Date', { exact: true }).getAttribute('type') === 'text', `${label}Date is a text box`);
  expect((await page.locator('#f-date-hint').textContent()).includes('14/03/2025'), `${label}Date's hint shows how to write it`);

  const title = js ? 'Survey of parents and carers' : 'Survey of young people';
  const before = updatesOf(root);
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Date', { exact: true }).fill(js ? '1 October 2025' : '01/10/2025');
  await page.getByRole('group', { name: 'Kind' }).getByLabel('Survey', { exact: true }).check();
  if (js) {
    expect(await page.getByLabel('Opens on').isVisible(), 'a survey shows when it opens');
    expect(!(await page.getByLabel('Meeting date').isVisible()), 'a survey hides the meeting fields');
  } else {
    expect(await page.getByLabel('Meeting date').isVisible(), 'without JavaScript every field shows');
  }
  const areas = page.getByRole('group', { name: 'Areas' });
  await areas.getByLabel('Waiting times for EHC plans').check();
  await areas.getByLabel('Communication with families').check();
  await page.getByLabel('Summary', { exact: true }).fill('Tell us what you think of the help you get.');
  await page.getByLabel('Body', { exact: true }).fill('The survey is open to every family.\n\nIt takes ten minutes.');
  await page.getByLabel('Opens on').fill('2025-10-01');
  await page.getByLabel('Closes on').fill('2025-11-01');
  if (js) {
    const live = page.getByRole('region', { name: 'Preview as you type (not saved yet)' });
    await live.getByRole('heading', { name: title }).waitFor({ timeout: 10000 }).catch(() => {});
    expect(await live.getByText('It takes ten minutes.').isVisible(), 'the live preview beside the form shows what was typed');
    expect(updatesOf(root).length === before.length, 'the live preview saves nothing');
    await remember(page, 'the new update form with its live preview');
  } else {
    expect(!(await page.getByRole('region', { name: 'Preview as you type (not saved yet)' }).isVisible()), 'without JavaScript there is no live preview');
  }
  await page.getByLabel('Document title').last().fill(js ? 'Survey questions' : 'Questions for young people');
  await page.getByLabel('Document file').setInputFiles(join(root, 'content/documents/letter.pdf'));
  if (js && process.env.EDITOR_SCREENSHOT) {
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, document.querySelector('h1').offsetTop - 16); });
    await page.screenshot({ path: resolve(process.env.EDITOR_SCREENSHOT), fullPage: false });
    await page.setViewportSize(check.WIDE);
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('heading', { level: 1, name: title }).isVisible(), `${label}after Save the preview shows the new update (at ${page.url()})`);
  expect(await page.getByRole('status').filter({ hasText: 'Saved. This is the page as the site will show it.' }).isVisible(), `${label}the page says it was saved`);
  const added = updatesOf(root).filter((f) => !before.includes(f));
  expect(added.length === 1, `${label}one new file in content/updates: ${added}`);
  const file = `content/updates/${added[0]}`;
  const slug = js ? 'survey-of-parents-and-carers' : 'survey-of-young-people';
  expect(file === `content/updates/2025/2025-10-01-${slug}.md`, `${label}the file is named from its date and title: ${file}`);
  const doc = js ? 'documents/survey-questions.pdf' : 'documents/questions-for-young-people.pdf';
  expect(read(root, file) === `+++\ntitle = "${title}"\ndate = 2025-10-01\nkind = "survey"\nareas = ["waiting-times", "communication"]\nsummary = "Tell us what you think of the help you get."\nopens = 2025-10-01\ncloses = 2025-11-01\n\n[[documents]]\ntitle = "${js ? 'Survey questions' : 'Questions for young people'}"\nfile = "${doc}"\n+++\nThe survey is open to every family.\n\nIt takes ten minutes.\n`, `${label}the new file is laid out as docs/content.md shows:\n${read(root, file)}`);
  expect(readFileSync(join(root, 'content', doc)).equals(readFileSync(join(root, 'content/documents/letter.pdf'))), `${label}the PDF is saved under content/${doc}`);
  expect(await page.getByRole('link', { name: /Survey questions|Questions for young people/ }).count() >= 1, `${label}the preview links the document`);
  if (!js) return page.close();

  await remember(page, 'a page of the preview, with its "Edit this page" link');
  // Edit its title, from the preview's "Edit this page".
  await page.getByRole('link', { name: 'Edit this page' }).click();
  await page.waitForURL(/\/update\?file=/);
  expect(await page.getByLabel('Title', { exact: true }).inputValue() === title, 'the form opens with the title');
  await remember(page, 'the form of an existing update');
  const edited = 'Survey of parents and carers, autumn 2025';
  await page.getByLabel('Title', { exact: true }).fill(edited);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('heading', { level: 1, name: edited }).isVisible(), 'the preview shows the new title');
  expect(read(root, file).startsWith(`+++\ntitle = "${edited}"\ndate = 2025-10-01\n`), `only the title changed:\n${read(root, file)}`);
  expect(read(root, file).endsWith('+++\nThe survey is open to every family.\n\nIt takes ten minutes.\n'), 'the body is kept');

  // A mistake: no title and the survey closing before it opens. Nothing is saved.
  const saved = read(root, file);
  await page.getByRole('link', { name: 'Edit this page' }).click();
  await page.waitForURL(/\/update\?file=/);
  await page.getByLabel('Title', { exact: true }).fill('');
  await page.getByLabel('Closes on').fill('2025-09-01');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  expect(await summary.isVisible(), 'the error summary is shown');
  expect(await page.title().then((t) => t.startsWith('Error: ')), 'the page title starts with "Error:"');
  expect(await page.evaluate(() => document.activeElement?.dataset.module === 'error-summary'), 'focus moves to the error summary');
  expect(read(root, file) === saved, 'nothing is saved while there is an error');
  await remember(page, 'the update form with errors');
  expect(!/front matter|TOML|`|\+\+\+|line \d/.test(await summary.textContent()), `the messages speak of the form: ${await summary.textContent()}`);
  await summary.getByRole('link', { name: /Enter the title/ }).click();
  expect(await page.evaluate(() => document.activeElement?.id === 'f-title'), 'the summary\'s link moves focus to the title');
  const titleError = await page.getByLabel('Title', { exact: true }).getAttribute('aria-describedby');
  expect(titleError?.includes('f-title-error'), `the title's error message is tied to it: ${titleError}`);
  await page.getByLabel('Title', { exact: true }).fill(edited);
  await page.getByLabel('Closes on').fill('2025-11-15');
  // Ctrl+S presses Save.
  await Promise.all([page.waitForURL(/\/updates\/[^/]+\/\?saved$/), page.keyboard.press('Control+s')]);
  expect(await page.getByRole('heading', { level: 1, name: edited }).isVisible(), 'once fixed, the save goes through');
  expect(read(root, file).includes('closes = 2025-11-15\n') && read(root, file).includes(`title = "${edited}"`), `the fix is saved:\n${read(root, file)}`);

  // Preview: the page as it would be, nothing saved.
  const fixed = read(root, file);
  await page.getByRole('link', { name: 'Edit this page' }).click();
  await page.waitForURL(/\/update\?file=/);
  await page.getByLabel('Body', { exact: true }).fill('The survey is open to every family.\n\nIt takes five minutes.');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.waitForLoadState('load');
  // With JavaScript the Preview button's preview shows in the live preview's place.
  const preview = page.getByRole('region', { name: 'Preview as you type (not saved yet)' });
  expect(await preview.getByText('It takes five minutes.').isVisible(), 'the preview shows the unsaved body');
  expect(await page.getByRole('region', { name: 'Preview (not saved yet)' }).count() === 0, 'one preview, not two');
  expect(read(root, file) === fixed, 'a preview saves nothing');
  await remember(page, 'the update form with a preview');

  // A page: the home page's text.
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('link', { name: 'Home page' }).click();
  await page.waitForURL(/\/page\?file=/);
  await remember(page, 'the home page form');
  const body = page.getByLabel('Body', { exact: true });
  await body.fill(`${await body.inputValue()}\nThis sentence was added in the editor.`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  expect(await page.getByText('This sentence was added in the editor.').isVisible(), 'the home page shows the new sentence');
  expect(read(root, 'content/_index.md').endsWith('This sentence was added in the editor.\n'), 'the home page file has it');
  await siteSettings(page, server, root);
  await newArea(page, server, root);
  await deleteDraft(page, server, root);
  await withdrawPublished(page, server, root, js);
  await measureByPaste(page, server, root);
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'Documents' }).click();
  await page.waitForURL(/\/documents$/);
  expect(await page.getByRole('table', { name: 'Documents, by file' }).isVisible(), 'the documents are listed in a table');
  await remember(page, 'the list of documents');
  await page.getByRole('button', { name: /^Replace / }).first().click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('alert').filter({ hasText: 'There is a problem' }).isVisible(), 'Replace without a file is named at its field');
  await remember(page, 'the list of documents with an error');
  return page.close();
}

/** A new measure, its figures pasted as three rows copied from a spreadsheet (tabs between the
 * cells); a bad row is named first, and nothing is saved until it is fixed. */
async function measureByPaste(page, server, root) {
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'New measure' }).click();
  await page.waitForURL(/\/measure$/);
  await remember(page, 'the new measure form');
  await page.getByLabel('Title', { exact: true }).fill('Families who say they were listened to');
  await page.getByLabel('Unit', { exact: true }).fill('%');
  await page.getByLabel('Target', { exact: true }).fill('75');
  await page.getByLabel('Target date').fill('March 2027');
  await page.getByRole('group', { name: 'Which way is better' }).getByLabel('Higher is better').check();
  await page.getByRole('group', { name: 'Areas it measures' }).getByLabel('Communication with families').check();
  await page.getByLabel('Figures', { exact: true }).fill('Month\tFigure\nMarch 2026\t41.5\n30/04/26\t44\nMay 2026\t47\n');
  await screenshot(page, process.env.MEASURE_SCREENSHOT, 'fieldset:has(#f-areas)');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  expect((await summary.textContent()).includes('Figures, row 3: “30/04/26” is not a date'), `a bad row is named by its row: ${await summary.textContent()}`);
  const csv = 'content/measures/families-who-say-they-were-listened-to.csv';
  expect(!existsSync(join(root, csv)), 'nothing is saved while a row is wrong');
  await remember(page, 'the measure form with errors');
  await page.getByLabel('Figures', { exact: true }).fill('Month\tFigure\nMarch 2026\t41.5\n30/04/2026\t44\nMay 2026\t47\n');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  expect(existsSync(join(root, csv)) && read(root, csv) === 'date,value,note\n2026-03,41.5,\n2026-04-30,44,\n2026-05,47,\n', `the three rows are saved as the figures file: ${existsSync(join(root, csv)) ? read(root, csv) : 'none'}`);
  expect(await page.getByRole('heading', { level: 1, name: 'Families who say they were listened to' }).isVisible(), `after Save the preview shows the measure (at ${page.url()})`);
}

/** A published update withdrawn: asked why (an empty reason is named at its field), then its
 * file has `[withdrawn]` and its page in the preview says so first. Each run takes another. */
async function withdrawPublished(page, server, root, js) {
  const [title, file] = js
    ? ['Stocktake by the DfE and NHS England', 'content/updates/2025/2025-06-20-stocktake.md']
    : ['The Department for Education issues an improvement notice', 'content/updates/2024/2024-06-01-improvement-notice.md'];
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('link', { name: title }).click();
  await page.waitForURL(/\/update\?file=/);
  await page.getByRole('link', { name: 'Withdraw this update' }).click();
  await page.waitForURL(/\/withdraw\?file=/);
  await remember(page, 'the question before a published update is withdrawn');
  await page.getByRole('button', { name: 'Withdraw this update' }).click();
  await page.waitForLoadState('load');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  expect((await summary.textContent()).includes('Enter why it is withdrawn'), 'a withdrawal without a reason is refused at its field');
  expect(!read(root, file).includes('[withdrawn]'), 'nothing is written without a reason');
  await remember(page, 'the withdraw form with an error');
  const reason = 'This was published by mistake: the review is next month.';
  await page.getByLabel('Why it is withdrawn').fill(reason);
  await page.getByRole('button', { name: 'Withdraw this update' }).click();
  await page.waitForLoadState('load');
  expect(read(root, file).includes(`[withdrawn]\ndate = `) && read(root, file).includes(`reason = "${reason}"`), `the file says it is withdrawn: ${read(root, file)}`);
  expect(await page.getByRole('note').filter({ hasText: 'This update was withdrawn on' }).isVisible(), `after withdrawing, the preview's page says so first (at ${page.url()})`);
  expect(await page.getByText(reason).first().isVisible(), 'and gives the reason');
}

/** A placeholder saved as a draft, then deleted: asked first, and gone from disk and list. */
async function deleteDraft(page, server, root) {
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'New update' }).click();
  await page.waitForURL(/\/update$/);
  await page.getByLabel('Title', { exact: true }).fill('Placeholder for the spring survey');
  await page.getByLabel('Date', { exact: true }).fill('2026-10-20');
  await page.getByRole('group', { name: 'Kind' }).getByLabel('News', { exact: true }).check();
  await page.getByLabel('Body', { exact: true }).fill('To be written.');
  await page.getByLabel('Draft: do not publish it yet').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  const file = 'content/updates/2026/2026-10-20-placeholder-for-the-spring-survey.md';
  expect(existsSync(join(root, file)), 'the draft is saved');
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('link', { name: 'Placeholder for the spring survey' }).click();
  await page.waitForURL(/\/update\?file=/);
  await page.getByRole('button', { name: 'Delete this update' }).click();
  await page.waitForLoadState('load');
  await remember(page, 'the question before a draft is deleted');
  await page.getByRole('button', { name: 'Yes, delete this update' }).click();
  await page.waitForLoadState('load');
  expect(!existsSync(join(root, file)), 'the draft is deleted once confirmed');
  expect(await page.getByText('The update was removed.').isVisible(), 'the list says it was removed');
  expect(await page.getByRole('link', { name: 'Placeholder for the spring survey' }).count() === 0, 'the list no longer shows it');
}

/** A new area for priority action with one action, made in the browser; then asked to be
 * removed, which it can be, since nothing names it yet. */
async function newArea(page, server, root) {
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'New area' }).click();
  await page.waitForURL(/\/area$/);
  await remember(page, 'the new area form');
  const type = page.getByRole('group', { name: 'Type of area' });
  await type.getByLabel('Area for priority action').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('alert').filter({ hasText: 'There is a problem' }).isVisible(), 'a new area without a title is refused');
  await remember(page, 'the new area form with an error');
  await page.getByLabel('Title', { exact: true }).fill('Short breaks for disabled children');
  await page.getByLabel('What the inspectors found').fill('Families wait too long for short breaks.');
  const add = page.getByRole('group', { name: 'Add an action' });
  await add.getByLabel('What will be done').fill('Open two more short-break centres');
  await add.getByLabel('Due by').fill('2027-03');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  const file = 'content/areas/short-breaks-for-disabled-children.md';
  expect(existsSync(join(root, file)) && read(root, file).includes('type = "priority-action"') && read(root, file).includes('id = "open-two-more-short-break-centres"'), `the area is saved with its type and action: ${existsSync(join(root, file)) ? read(root, file) : 'no file'}`);
  expect(await page.getByRole('heading', { level: 1, name: 'Short breaks for disabled children' }).isVisible(), `after Save the preview shows the new area (at ${page.url()})`);
  await page.getByRole('link', { name: 'Edit this page' }).click();
  await page.waitForURL(/\/page\?file=/);
  const areaForm = page.url();
  await page.getByRole('button', { name: 'Remove this area' }).click();
  await page.waitForLoadState('load');
  await remember(page, 'the question before an area is removed');
  await page.getByRole('link', { name: 'No, keep it' }).click();
  await page.waitForURL(/\/page\?file=/);
  expect(existsSync(join(root, file)), 'an area is kept unless the removal is confirmed');

  // Its action rated in a new progress update.
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'New update' }).click();
  await page.waitForURL(/\/update$/);
  await page.getByLabel('Title', { exact: true }).fill('Progress update: short breaks');
  await page.getByLabel('Date', { exact: true }).fill('2026-10-30');
  await page.getByRole('group', { name: 'Kind' }).getByLabel('Progress update', { exact: true }).check();
  await page.getByRole('group', { name: 'Areas' }).getByLabel('Short breaks for disabled children').check();
  await page.getByLabel('Open two more short-break centres: how it is going').selectOption('on-track');
  await page.getByLabel('Body', { exact: true }).fill('The first new centre opened in October.');
  await remember(page, 'a progress update rating an action');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForLoadState('load');
  const update = 'content/updates/2026/2026-10-30-progress-update-short-breaks.md';
  expect(existsSync(join(root, update)) && read(root, update).includes('\n[actions]\nopen-two-more-short-break-centres = "on-track"\n'), `the rating is saved: ${existsSync(join(root, update)) ? read(root, update) : 'no file'}`);
  await page.goto(`${server.url}plan/`);
  const row = await page.locator('li.action', { hasText: 'Open two more short-break centres' }).first().textContent().catch(() => '');
  expect(row.includes('On track') && !row.includes('Not reported on yet'), `the plan shows the council's rating of the new action: ${row}`);

  // Now an update names it, so it cannot be removed.
  await page.goto(areaForm);
  await page.getByRole('button', { name: 'Remove this area' }).click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('heading', { level: 1, name: 'This area is still in use' }).isVisible(), 'an area an update names is not removed');
  expect(await page.getByText(update).isVisible(), 'the refusal names the update');
  expect(existsSync(join(root, file)), 'the area is still there');
  await remember(page, 'an area that cannot be removed yet');
}

/** A screenshot of the page at the width of a laptop, from `from` (its heading by default), when
 * `file` is set. */
async function screenshot(page, file, from = 'h1') {
  if (!file) return;
  await page.setViewportSize({ width: 1200, height: 1100 });
  await page.evaluate((from) => { document.activeElement.blur(); window.scrollTo(0, document.querySelector(from).getBoundingClientRect().top + window.scrollY - 16); }, from);
  await page.screenshot({ path: resolve(file), fullPage: false });
  await page.setViewportSize(check.WIDE);
}

/** The site settings: the title changed in the browser reaches every page; mistakes are named
 * at their fields, all at once, and nothing is saved. */
async function siteSettings(page, server, root) {
  await page.goto(server.edit.split('?')[0]);
  await page.getByRole('main').getByRole('link', { name: 'Site settings' }).click();
  await page.waitForURL(/\/settings$/);
  await remember(page, 'the site settings form');
  await screenshot(page, process.env.SETTINGS_SCREENSHOT);
  const names = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .map((c) => (c.labels?.[0]?.textContent ?? '').trim()));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  expect(twice.length === 0 && !names.includes(''), `every control of the settings form has a name of its own: ${twice}`);
  const before = read(root, 'content/site.toml');
  await page.getByLabel('Email for questions').fill('not an email');
  await page.getByLabel('Reading age').fill('40');
  await page.getByLabel('Site title').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.waitForLoadState('load');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  expect(await summary.getByRole('link').count() === 3, `three mistakes are named at once: ${await summary.textContent()}`);
  expect(!/front matter|TOML|`|line \d/.test(await summary.textContent()), `the messages speak of the form: ${await summary.textContent()}`);
  expect(read(root, 'content/site.toml') === before, 'nothing is saved while there is an error');
  await remember(page, 'the site settings form with errors');
  await page.getByLabel('Site title').fill('Northmere SEND progress, as the parents asked');
  await page.getByLabel('Email for questions').fill('send@northmere.example');
  await page.getByLabel('Reading age').fill('9');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.waitForLoadState('load');
  const after = read(root, 'content/site.toml');
  expect(after.includes('title = "Northmere SEND progress, as the parents asked"') && after.includes('reading_age = 9'), `the settings are saved:\n${after}`);
  await page.goto(server.url);
  expect(await page.getByText('Northmere SEND progress, as the parents asked').first().isVisible(), 'the preview shows the new site title');
}

/** The time from pressing Save to the preview showing the change, over `n` saves. */
async function timeSaves(context, server, n) {
  const page = await context.newPage();
  await page.goto(server.edit);
  const times = [];
  for (let i = 0; i < n; i += 1) {
    await page.goto(`${server.edit.split('?')[0]}`);
    await page.getByRole('link', { name: /Survey of parents and carers/ }).click();
    await page.waitForURL(/\/update\?file=/);
    const title = `Survey of parents and carers, save ${i + 1}`;
    await page.getByLabel('Title', { exact: true }).fill(title);
    const started = performance.now();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`Save to preview, ${n} saves: median ${times[Math.floor(n / 2)].toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  await page.close();
}

const git = (root, ...args) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' }).stdout;

/** Team mode (serve --team), signed in as the sign-in proxy would say (a header, from this
 * computer, which team.toml trusts): Sam changes an update and reads its history and the
 * Publish page, which offers Sam no button; Alex publishes it and restores the first version.
 * Each page met is checked like the rest. */
async function team(args, scratch) {
  const root = join(scratch, 'team');
  cpSync(args.fixture, root, { recursive: true });
  const live = join(scratch, 'live', 'send');
  writeFileSync(join(root, 'team.toml'), `identity_header = "X-Forwarded-Email"\ntrusted_proxies = ["127.0.0.1"]\npublish_to = "${live}"\neditors = ["sam@council.example"]\napprovers = ["alex@council.example"]\n`);
  const server = await serve(args.binary, root, ['--team']);
  const browser = await launch({ locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-Email': 'sam@council.example' } });
  const start = states.length;
  try {
    const page = await browser.context.newPage();
    await page.goto(server.edit);
    expect(await page.getByText('Signed in as sam@council.example').isVisible(), 'the editor says who is signed in');
    await remember(page, 'the first page, signed in (team mode)');
    await page.getByRole('link', { name: 'Monitoring inspection letter' }).click();
    await page.waitForURL(/\/update\?file=/);
    await page.getByLabel('Title', { exact: true }).fill('Monitoring inspection letter, September 2025');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForLoadState('load');
    const last = git(root, 'log', '-1', '--format=%ae %s');
    expect(last === 'sam@council.example Changed the title of the update “Monitoring inspection letter, September 2025”\n', `the save is a commit by Sam saying what changed: ${last}`);
    await page.getByRole('link', { name: 'Edit this page' }).click();
    await page.getByRole('link', { name: 'History of this update' }).click();
    await page.waitForURL(/\/history\?file=/);
    expect(await page.getByRole('rowheader', { name: 'Title' }).first().isVisible(), 'the history shows the change field by field');
    await remember(page, 'the history of an update');
    await page.getByRole('navigation', { name: 'Editor' }).getByRole('link', { name: 'Publish' }).click();
    await page.waitForURL(/\/publish$/);
    expect(await page.getByText('publishing needs an approver').isVisible(), 'an editor is told an approver publishes');
    expect(await page.getByRole('button', { name: 'Approve and publish' }).count() === 0, 'and is offered no button');
    await remember(page, 'the Publish page, for an editor');
    await page.goto(`${server.edit}settings`);
    expect(await page.getByText('Only an approver (alex@council.example) may change this').first().isVisible(), 'an editor is told who changes the web address');
    expect(await page.getByLabel('Web address').count() === 0, 'and has no input for it');
    await remember(page, 'the settings, for an editor (team mode)');
    await page.goto(`${server.edit}publish`);
    await browser.context.setExtraHTTPHeaders({ 'X-Forwarded-Email': 'alex@council.example' });
    await page.reload();
    // The first publication is the whole site: listed by kind, each kind opened on demand.
    expect(await page.getByText('This is the first publication').isVisible(), 'a first publication is summarised by kind');
    await page.locator('details.ed-group-kind summary').filter({ hasText: 'Updates' }).click();
    expect(await page.getByLabel('Approve: Update “Monitoring inspection letter, September 2025”').isChecked(), 'each item has its own box, ticked');
    await remember(page, 'Review and publish, a first publication by kind');
    await page.getByRole('button', { name: 'Approve and publish the selected changes' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').filter({ hasText: 'Published' }).isVisible(), 'the page says it was published');
    expect(existsSync(join(live, 'index.html')), 'the live folder has the site');
    expect(/alex@council.example/.test(git(root, 'for-each-ref', 'refs/tags/published', '--format=%(taggeremail)')), 'the publication is tagged by Alex');
    await remember(page, 'the Publish page, after publishing');
    await page.getByRole('navigation', { name: 'Editor' }).getByRole('link', { name: 'Publications' }).click();
    await page.waitForURL(/\/publications$/);
    expect(await page.getByText('(on the live site now)').isVisible(), 'the publication just made is listed as live');
    await remember(page, 'the Publications page');
    // Sam changes a few words; Alex sees them marked, and the page as it will be.
    await browser.context.setExtraHTTPHeaders({ 'X-Forwarded-Email': 'sam@council.example' });
    await page.goto(`${server.edit}update?file=${encodeURIComponent('content/updates/2025/2025-09-10-monitoring-inspection.md')}`);
    await page.getByLabel('Body', { exact: true }).fill('Inspectors found that the partnership has taken effective action on both areas for priority action, and on health input.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForLoadState('load');
    await browser.context.setExtraHTTPHeaders({ 'X-Forwarded-Email': 'alex@council.example' });
    await page.goto(`${server.edit}publish`);
    expect(await page.locator('ins').filter({ hasText: ', and on health input' }).count() === 1, 'the words added are marked');
    await remember(page, 'Review and publish, an item with its words marked');
    await screenshot(page, process.env.REVIEW_SCREENSHOT);
    await page.getByRole('link', { name: /^Preview this page/ }).first().click();
    await page.waitForURL(/\/preview\?file=/);
    expect(await page.getByRole('heading', { name: 'Preview: not on the live site' }).isVisible(), 'the preview says it is one');
    await remember(page, 'a page previewed as it will be published');
    await page.goto(`${server.edit}history?file=${encodeURIComponent('content/updates/2025/2025-09-10-monitoring-inspection.md')}`);
    // The oldest version: the one before Sam's two changes.
    await page.getByRole('button', { name: 'Restore this version' }).last().click();
    await page.waitForLoadState('load');
    await remember(page, 'the question before a version is restored');
    expect(!read(root, 'content/updates/2025/2025-09-10-monitoring-inspection.md').includes('title = "Monitoring inspection letter"'), 'nothing is restored before it is confirmed');
    await page.getByRole('button', { name: 'Yes, restore this version' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').filter({ hasText: 'An earlier version of' }).isVisible(), 'the page says what was restored');
    expect(read(root, 'content/updates/2025/2025-09-10-monitoring-inspection.md').includes('title = "Monitoring inspection letter"'), 'the first version is restored');
    expect(/^alex@council.example Restored the update/.test(git(root, 'log', '-1', '--format=%ae %s')), 'as a new change by Alex');
    await page.close();
    const html = join(scratch, 'team-states');
    mkdirSync(html);
    await checkStates(browser.context, html, states.slice(start));
  } finally {
    await browser.close();
    server.stop();
  }
}

/** Every date field of every form, found by the kind its description gives it (`data-kind`),
 * typed as people write dates: a new field is walked without changing this test. Each is saved
 * as the files write dates, and shown back in words, never as 2025-03-14. Run without
 * JavaScript, so that the fields a kind of update does not use are on the page too. */
async function everyDateField(context, server, root) {
  const page = await context.newPage();
  const typed = { day: ['14/03/2025', '14 March 2025'], 'month-or-day': ['March 2027', '31/07/2027'] };
  const iso = /^\d{4}-\d{2}(-\d{2})?$/;
  const forms = [
    { name: 'a new update', open: 'update', fill: async () => {
      await page.getByLabel('Title', { exact: true }).fill('Every date as people write it');
      await page.getByLabel('Survey', { exact: true }).check();
      await page.getByLabel('Body', { exact: true }).fill('Tell us what you think.');
      await page.getByLabel('What changed', { exact: true }).fill('The closing date moved.');
    } },
    { name: 'an area', open: 'page?file=content%2Fareas%2Fcommunication.md', fill: async () => {
      await page.getByRole('group', { name: 'Add an action' }).getByLabel('What will be done').fill('Publish one dashboard');
    } },
    { name: 'a measure', open: 'measure?file=content%2Fmeasures%2Fehc-plans-20-weeks.md', fill: async () => {} },
  ];
  let walked = 0;
  for (const form of forms) {
    await page.goto(`${server.edit.split('?')[0]}${form.open}`);
    await form.fill();
    const fields = await page.locator('input[data-kind="day"], input[data-kind="month-or-day"]').all();
    expect(fields.length > 0, `${form.name}: its date fields are marked by their kind`);
    const sent = [];
    for (const [i, field] of fields.entries()) {
      const kind = await field.getAttribute('data-kind');
      const value = typed[kind][i % 2];
      await field.fill(value);
      sent.push({ id: await field.getAttribute('id'), value });
    }
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForLoadState('load');
    const problem = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    if (!expect(await problem.count() === 0, `${form.name}: dates typed as people write them are saved: ${await problem.textContent().catch(() => '')}`)) continue;
    // Opened again: every date field shows its date in words.
    await page.goto(`${server.edit.split('?')[0]}${form.open.startsWith('update') ? '' : form.open}`);
    if (form.open === 'update') {
      await page.getByRole('link', { name: 'Every date as people write it' }).first().click();
      await page.waitForLoadState('load');
    }
    for (const { id, value } of sent) {
      const now = await page.locator(`#${id}`).count() ? await page.locator(`#${id}`).inputValue() : '';
      walked += 1;
      if (id.startsWith('f-new-')) continue; // Added: it is now one of the list above.
      expect(now !== '' && !iso.test(now), `${form.name}: ${id} typed as “${value}” is shown back in words, not “${now}”`);
    }
  }
  expect(walked >= 9, `every form's date fields were walked (${walked})`);
  const update = updatesOf(root).find((f) => f.includes('every-date-as-people-write-it'));
  const written = update ? read(root, join('content/updates', update)) : '';
  for (const key of ['date = 2025-03-14', 'opens = 2025-03-14', 'closes = 2025-03-14', 'event = 2025-03-14']) {
    expect(written.includes(key), `the update's ${key.split(' ')[0]} is written as the files write dates: ${written}`);
  }
  expect(/due = "2027-03"/.test(read(root, 'content/areas/communication.md')), 'an action due in a month is written as one');
  await page.close();
}

/** Every state met, checked like the site's pages; its HTML is kept for the Nu checker. */
async function checkStates(context, scratch, list = states) {
  const page = await context.newPage();
  // A state is checked as it was captured: its live preview is not made again.
  await page.route(/__sendsite\/edit\/(update|page)$/, (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
  for (const [i, state] of list.entries()) {
    // Each state is served again at an address of its own, exactly as it was.
    const url = `${new URL(state.url).origin}/__a11y/state-${i}.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: state.html }));
    writeFileSync(join(scratch, `state-${i}.html`), state.html);
    await page.setViewportSize(check.WIDE);
    const found = await check.open(page, url);
    found.push(...(await check.axe(page, '1280px')));
    found.push(...(await check.lineLength(page)));
    found.push(...(await check.linkText(page)));
    // The error summary takes the focus as the page loads; the keyboard check starts from the top.
    await page.evaluate(() => { document.documentElement.tabIndex = -1; document.documentElement.focus(); document.documentElement.removeAttribute('tabindex'); });
    found.push(...(await check.keyboard(page)));
    found.push(...(await check.zoomedText(page)));
    found.push(...(await check.narrow(page, url)));
    // Every control has a name of its own: a voice-control user saying "click <name>" gets one
    // control, and a screen reader never reads two fields alike.
    const names = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
      .map((c) => (c.labels?.[0]?.textContent ?? c.getAttribute('aria-label') ?? c.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const twice = [...new Set(names.filter((n, k) => names.indexOf(n) !== k))];
    if (twice.length) found.push(`controls share a name: ${twice.map((n) => `"${n}"`).join(', ')}`);
    for (const f of found) problems.push(`${state.label}: ${f}`);
  }
  await page.close();
  const jar = join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', scratch], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const messages = JSON.parse(run.stderr || '{"messages":[]}').messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  for (const m of messages) {
    const i = Number(/state-(\d+)\.html/.exec(m.url)?.[1]);
    problems.push(`${list[i]?.label ?? m.url}: vnu line ${m.lastLine}: ${m.message}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'sendsite-editor-'));
  const root = join(scratch, 'site');
  cpSync(args.fixture, root, { recursive: true });
  mkdirSync(join(root, 'content', 'documents'), { recursive: true });
  cpSync(join(HERE, '..', 'fixtures', 'small', 'content', 'documents', 'letter.pdf'), join(root, 'content', 'documents', 'letter.pdf'));
  const server = await serve(args.binary, root);
  try {
    const withScript = await launch({ locale: 'en-GB' });
    await story(withScript.context, server, root, true);
    const times = Number(process.env.EDITOR_TIMES || 0);
    if (times > 0) await timeSaves(withScript.context, server, times);
    const html = join(scratch, 'states');
    mkdirSync(html);
    await checkStates(withScript.context, html);
    await withScript.close();
    const withoutScript = await launch({ javaScriptEnabled: false, locale: 'en-GB' });
    await story(withoutScript.context, server, root, false);
    await everyDateField(withoutScript.context, server, root);
    await withoutScript.close();
    await team(args, scratch);
  } catch (e) {
    problems.push(`the editor test stopped: ${e.stack ?? e}\n${server.output()}`);
  } finally {
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`editor: ${states.length} states of the editor checked; ${problems.length} problems`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
