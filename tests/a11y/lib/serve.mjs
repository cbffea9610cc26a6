// A tiny static file server on 127.0.0.1 for one built site, mounted under the site's base path
// (e.g. /send-progress/) so links are followed exactly as they will be on the real host.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** The file a request path names inside `root`, or null when it is outside the mount or the folder. */
export function resolvePath(root, mount, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (!path.startsWith(mount)) return null;
  const rel = normalize(path.slice(mount.length)).replace(/^([/\\])+/, '');
  if (rel.split(/[/\\]/).includes('..')) return null;
  const file = join(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

async function fileFor(root, mount, urlPath) {
  const file = resolvePath(root, mount, urlPath);
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!urlPath.split('?')[0].endsWith('/')) return { redirect: `${urlPath.split('?')[0]}/` };
    return (await stat(join(file, 'index.html')).catch(() => null)) ? { file: join(file, 'index.html') } : null;
  }
  return info?.isFile() ? { file } : null;
}

/** Starts serving `root` under `mount` (which starts and ends with `/`) on a free port; resolves to { url, close }. */
export function serve(root, mount) {
  const server = createServer(async (req, res) => {
    const found = await fileFor(root, mount, req.url ?? '/');
    if (found?.redirect) {
      res.writeHead(301, { Location: found.redirect }).end();
    } else if (found) {
      const body = await readFile(found.file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(found.file)] ?? 'application/octet-stream' }).end(body);
    } else {
      const page = await readFile(join(root, '404.html')).catch(() => Buffer.from('Not found'));
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${mount}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
