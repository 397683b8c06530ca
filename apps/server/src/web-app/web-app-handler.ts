// Serves the built React app (apps/web/dist) from the API's port. The file list is read once at
// start-up (sirv's production mode), so only files that existed then can be served: no request
// path, however encoded, reaches outside the directory. Client routes (paths without a file
// extension) fall back to index.html; a missing asset is a plain 404.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { applyHtmlSecurityHeaders } from '../http/security-headers';

export type WebAppHandler = (req: IncomingMessage, res: ServerResponse, onMissing: () => void) => void;

/** Vite puts content-hashed files here: their URL changes whenever their bytes do. */
const HASHED_ASSETS = '/assets/';
const HASHED_ASSET_CACHING = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: always revalidate (ETag), so a deploy is picked up at once. */
const REVALIDATE = 'no-cache';

/** index.html, served for "/" and for client routes (paths without an extension). */
function isPage(pathname: string): boolean {
  return pathname.endsWith('.html') || !/\.[^/]+$/.test(pathname);
}

/** undefined when `dir` holds no built app (then the server answers the API only). */
export function createWebAppHandler(dir: string): WebAppHandler | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const serve = sirv(dir, {
    dev: false,
    etag: true,
    single: true,
    gzip: true,
    brotli: true,
    ignores: [`^${HASHED_ASSETS}`],
    setHeaders(res, pathname) {
      if (!isPage(pathname))
        res.setHeader('cache-control', pathname.startsWith(HASHED_ASSETS) ? HASHED_ASSET_CACHING : REVALIDATE);
    },
  });
  return (req, res, onMissing) => {
    // Static assets need no partial content, and sirv's range arithmetic trusts its input.
    delete req.headers.range;
    // Set before sirv: its 304 skips setHeaders, and a 304's headers replace the cached page's, so
    // a revalidated page would otherwise come back under the API's `default-src 'none'`.
    if (isPage((req.url ?? '/').split('?', 1)[0] ?? '/')) {
      res.setHeader('cache-control', REVALIDATE);
      applyHtmlSecurityHeaders(res);
    }
    serve(req, res, onMissing);
  };
}
