import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import type { App, AppEnv } from '../env.ts';

const SITE_DIR = fileURLToPath(new URL('../../public-site/', import.meta.url));
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The citizen page (complaint form + status lookup) at /public/, with /complaint and /status as the
 * addresses printed on posters and in SMS. Read once: three small static files.
 */
export function registerSite(app: App) {
  const cache = new Map<string, string>();
  const file = (name: string) => {
    let body = cache.get(name);
    if (body === undefined) {
      body = readFileSync(`${SITE_DIR}${name}`, 'utf8');
      cache.set(name, body);
    }
    return body;
  };
  const serve = (name: string) => (c: Context<AppEnv>) =>
    c.body(file(name), 200, {
      'Content-Type': FILES[name] ?? 'application/octet-stream',
      'Cache-Control': name === 'index.html' ? 'no-cache' : 'public, max-age=300',
      ...SECURITY_HEADERS,
    });
  app.get('/public', (c) => c.redirect('/public/', 301));
  app.get('/public/', serve('index.html'));
  for (const name of Object.keys(FILES)) app.get(`/public/${name}`, serve(name));
  app.get('/complaint', (c) => c.redirect('/public/#complaint', 302));
  app.get('/status', (c) => {
    const url = new URL(c.req.url);
    return c.redirect(`/public/${url.search}#status`, 302);
  });
}
