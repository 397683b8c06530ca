// CORS for browser clients on other origins. Only listed origins get access (with credentials);
// `*` lets any origin read responses without credentials — enough for bearer tokens and API keys,
// which browsers never attach by themselves. Unknown origins get no CORS headers at all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config';

/** The Vite dev server of apps/web. */
export const DEVELOPMENT_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'] as const;

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
/** What our clients send: auth, JSON bodies, optimistic concurrency, and tRPC's link headers. */
const ALLOWED_HEADERS = 'authorization, content-type, if-match, x-api-key, trpc-accept, x-trpc-source';
/** What browser code may read besides the CORS-safelisted response headers. */
const EXPOSED_HEADERS = 'etag, retry-after, x-request-id, ratelimit, ratelimit-policy';
/** Browsers cap this (Chromium at 2 h); 10 minutes keeps a changed policy from lingering. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/** CORS_ORIGINS when set; otherwise the Vite dev origin in development and nothing elsewhere. */
export function corsOriginsFor(config: Pick<Config, 'CORS_ORIGINS' | 'NODE_ENV'>): string[] {
  return config.CORS_ORIGINS ?? (config.NODE_ENV === 'development' ? [...DEVELOPMENT_ORIGINS] : []);
}

export interface CorsPolicy {
  /** Adds this request's CORS headers; answers a preflight by itself and then returns true. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const listed = new Set(origins.filter((origin) => origin !== '*'));
  const anyOrigin = origins.includes('*');
  const enabled = anyOrigin || listed.size > 0;

  function grantFor(origin: string | undefined): 'listed' | 'any' | undefined {
    if (origin === undefined) return undefined;
    if (listed.has(origin)) return 'listed';
    return anyOrigin ? 'any' : undefined;
  }

  return {
    handle(req, res) {
      const origin = req.headers.origin;
      if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
        const grant = grantFor(origin);
        const headers: Record<string, string> = { vary: PREFLIGHT_VARY, 'content-length': '0' };
        if (grant) {
          headers['access-control-allow-origin'] = grant === 'listed' ? origin : '*';
          if (grant === 'listed') headers['access-control-allow-credentials'] = 'true';
          headers['access-control-allow-methods'] = ALLOWED_METHODS;
          headers['access-control-allow-headers'] = ALLOWED_HEADERS;
          headers['access-control-max-age'] = PREFLIGHT_MAX_AGE_SECONDS;
        }
        res.writeHead(204, headers).end();
        return true;
      }
      if (!enabled) return false;
      res.setHeader('vary', 'Origin');
      const grant = grantFor(origin);
      if (grant === 'listed') {
        res.setHeader('access-control-allow-origin', origin!);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      } else if (grant === 'any') {
        res.setHeader('access-control-allow-origin', '*');
        res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      }
      return false;
    },
  };
}
