/**
 * The browser page (`GET /ui`): static files bundled at build time from
 * app/web/ (see app/web/bundle.ts) and read once at start. No CDN: the page
 * loads nothing but its own script, and its Content-Security-Policy says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody } from './routes';

/** Where the page is served. */
export const PAGE_PATH = '/ui';

/** The built files and their content types. */
export const PAGE_FILES = {
  'index.html': 'text/html; charset=utf-8',
  'page.js': 'text/javascript; charset=utf-8',
  'page.js.map': 'application/json',
} as const;

/** Only this origin: the script, its fetches and its span exports. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";

type PageFile = keyof typeof PAGE_FILES;

/** Registers `GET /ui`, `GET /ui/page.js` and its source map from the files in `webRoot`. */
export function registerWebPage(app: FastifyInstance, webRoot: string): void {
  const files = new Map<PageFile, Buffer>();
  for (const name of Object.keys(PAGE_FILES) as PageFile[]) {
    try {
      files.set(name, readFileSync(path.join(webRoot, name)));
    } catch {
      // Not built: answered below with a 404 that says how to build it.
    }
  }
  const serve = (name: PageFile) => async (_request: unknown, reply: FastifyReply) => {
    const file = files.get(name);
    if (!file) {
      const body: ErrorBody = { error: 'Not Found', message: `the browser page is not built (${name} missing): run npm run build:app` };
      return reply.code(404).send(body);
    }
    return reply
      .header('content-type', PAGE_FILES[name])
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(file);
  };
  app.get(PAGE_PATH, serve('index.html'));
  app.get(`${PAGE_PATH}/page.js`, serve('page.js'));
  app.get(`${PAGE_PATH}/page.js.map`, serve('page.js.map'));
}
