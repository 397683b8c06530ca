// GET <base>/openapi.json and <base>/asyncapi.json (the generated documents of REST and the WebSockets) and <base>/docs (Swagger UI, its files read from
// the installed swagger-ui-dist package). Everything is built or read on first use, then kept.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppError } from '@coditect/api';
import { applyHtmlSecurityHeaders } from '../http/security-headers';
import { sendError } from '../rest/rest-handler';
import type { RouteTable } from '../rest/route-table';
import { docsInitScript, docsPageHtml } from './docs-page';
import { buildAsyncApiDocument } from './asyncapi-document';
import { buildOpenApiDocument } from './openapi-document';

export interface ApiReferenceOptions {
  routes: RouteTable;
  version: string;
  /** Where the REST shim is mounted, e.g. /api/v5. */
  basePath: string;
}

/** Answers (and returns true) when `restPath` — the path under the base — is one of its own. */
export type ApiReferenceHandler = (req: IncomingMessage, res: ServerResponse, restPath: string) => boolean;

export const OPENAPI_PATH = '/openapi.json';
export const ASYNCAPI_PATH = '/asyncapi.json';
export const DOCS_PATH = '/docs';

/** Whether a path under the REST base belongs to the API reference (document or docs page). */
export function isApiReferencePath(restPath: string): boolean {
  return (
    restPath === OPENAPI_PATH || restPath === ASYNCAPI_PATH || restPath === DOCS_PATH || restPath.startsWith(`${DOCS_PATH}/`)
  );
}

/** The files of swagger-ui-dist the page loads. */
const RENDERER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

interface Resource {
  body: Buffer;
  gzipped?: Buffer;
  contentType: string;
  etag: string;
  cacheControl: string;
  html?: boolean;
}

const REVALIDATE = 'no-cache';
const RENDERER_CACHING = 'public, max-age=86400';

export function createApiReferenceHandler(options: ApiReferenceOptions): ApiReferenceHandler {
  const { routes, version, basePath } = options;
  const resources = new Map<string, Resource>();
  const shadowed = routes.routes.find(
    (route) => route.path === OPENAPI_PATH || route.path === ASYNCAPI_PATH || route.path.split('/')[1] === DOCS_PATH.slice(1),
  );
  if (shadowed) throw new Error(`REST route ${shadowed.method} ${shadowed.path} collides with the API reference`);

  function load(restPath: string): Resource | undefined {
    let resource = resources.get(restPath);
    if (resource) return resource;
    resource = build(restPath);
    if (resource) resources.set(restPath, resource);
    return resource;
  }

  function build(restPath: string): Resource | undefined {
    if (restPath === OPENAPI_PATH) {
      const document = buildOpenApiDocument(routes.routes, { version, basePath });
      return resource(Buffer.from(JSON.stringify(document)), 'application/json; charset=utf-8', REVALIDATE);
    }
    if (restPath === ASYNCAPI_PATH) {
      const document = buildAsyncApiDocument({ version, basePath });
      return resource(Buffer.from(JSON.stringify(document)), 'application/json; charset=utf-8', REVALIDATE);
    }
    if (restPath === DOCS_PATH || restPath === `${DOCS_PATH}/`) {
      const page = resource(Buffer.from(docsPageHtml(`${basePath}${DOCS_PATH}`)), 'text/html; charset=utf-8', REVALIDATE);
      return { ...page, html: true };
    }
    const file = restPath.slice(DOCS_PATH.length + 1);
    if (file === 'docs-init.js') {
      return resource(Buffer.from(docsInitScript(`${basePath}${OPENAPI_PATH}`)), 'text/javascript; charset=utf-8', REVALIDATE);
    }
    const contentType = Object.hasOwn(RENDERER_FILES, file) ? RENDERER_FILES[file] : undefined;
    if (!contentType) return undefined;
    return resource(readFileSync(join(rendererDirectory(), file)), contentType, RENDERER_CACHING);
  }

  return (req, res, restPath) => {
    if (!isApiReferencePath(restPath)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use GET`));
      return true;
    }
    const found = load(restPath);
    if (!found) {
      sendError(res, new AppError('NOT_FOUND', `Nothing at ${basePath}${restPath}`));
      return true;
    }
    send(req, res, found);
    return true;
  };
}

function resource(body: Buffer, contentType: string, cacheControl: string): Resource {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  // Worth it for the renderer bundle (1.7 MB → ~0.5 MB); done once.
  const gzipped = body.length > 1024 ? gzipSync(body) : undefined;
  return { body, gzipped, contentType, etag, cacheControl };
}

function send(req: IncomingMessage, res: ServerResponse, resource: Resource): void {
  if (resource.html) applyHtmlSecurityHeaders(res);
  const headers: Record<string, string | number> = {
    'content-type': resource.contentType,
    'cache-control': resource.cacheControl,
    etag: resource.etag,
    // Keep what CORS already put in Vary (writeHead's headers replace setHeader's).
    vary: res.hasHeader('vary') ? `${String(res.getHeader('vary'))}, Accept-Encoding` : 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === resource.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = resource.gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? resource.gzipped! : resource.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

let rendererDir: string | undefined;
function rendererDirectory(): string {
  rendererDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return rendererDir;
}
