// Building sites with the real `sendsite` binary, and finding the pages of a built site.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The path part of site.toml's base_url (`/send-progress/`), or `/` when it cannot be read. */
export function basePath(siteRoot) {
  const text = readFileSync(join(siteRoot, 'content', 'site.toml'), 'utf8');
  const url = /^\s*base_url\s*=\s*"([^"]*)"/m.exec(text)?.[1];
  try {
    const path = new URL(url).pathname;
    return path.endsWith('/') ? path : `${path}/`;
  } catch {
    return '/';
  }
}

/**
 * Builds `siteRoot` into `output`, published at `baseUrl`, with drafts and future entries so that
 * every page the content can make is checked; as on `today` (YYYY-MM-DD) when given. Returns
 * { ok, log }.
 */
export function build(binary, siteRoot, output, baseUrl, today) {
  const args = ['build', '--root', siteRoot, '--output', output, '--base-url', baseUrl, '--drafts', '--future'];
  if (today) args.push('--today', today);
  const run = spawnSync(binary, args, { encoding: 'utf8' });
  return { ok: run.status === 0, log: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}` };
}

/** Creates the starter site of `sendsite init --framework <framework>` in `dir`. */
export function init(binary, dir, framework) {
  const run = spawnSync(binary, ['init', '--framework', framework, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sendsite init failed: ${run.stderr}`);
}

/** Every HTML file under `dir`, as site-relative paths with `/`, sorted. */
export function htmlFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) found.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The URL path of an HTML file: `updates/x/index.html` → `updates/x/`. */
export function pagePath(file) {
  return file === 'index.html' ? '' : file.replace(/(^|\/)index\.html$/, '$1');
}

/** Whether a built file is a redirect page (an old address that sends the reader on). */
export function isRedirect(dir, file) {
  return /<meta http-equiv="refresh"/i.test(readFileSync(join(dir, file), 'utf8'));
}
