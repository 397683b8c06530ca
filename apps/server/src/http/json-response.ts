import type { ServerResponse } from 'node:http';
import { BASE_SECURITY_HEADERS } from './security-headers';

export type HeaderMap = Record<string, string | number>;

/** A response the app numbered; JSON responses carry the number as X-Request-Id. */
export interface NumberedResponse extends ServerResponse {
  requestId?: string;
}

/**
 * Writes a complete JSON response in one go (body already serialised), with the request id and
 * the base security headers. They travel in writeHead's object rather than through setHeader:
 * with no header set beforehand, Node takes that object as it is instead of merging it key by key.
 */
export function sendJson(res: ServerResponse, status: number, body: string, headers?: HeaderMap): void {
  const all: HeaderMap = {
    'x-request-id': (res as NumberedResponse).requestId ?? '',
    ...BASE_SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    // Answers carry tokens, secrets and private data: no cache or proxy may keep them.
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  };
  if (headers) Object.assign(all, headers);
  // writeHead's headers replace setHeader's: keep a Vary set earlier (CORS: Origin) beside this one.
  if (headers?.vary !== undefined && res.hasHeader('vary')) all.vary = `${String(res.getHeader('vary'))}, ${headers.vary}`;
  res.writeHead(status, all);
  res.end(body);
}
