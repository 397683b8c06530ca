import type { ServerResponse } from 'node:http';

export type HeaderMap = Record<string, string | number>;

/** Writes a complete JSON response in one go (body already serialised). */
export function sendJson(res: ServerResponse, status: number, body: string, headers?: HeaderMap): void {
  const all: HeaderMap = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  if (headers) Object.assign(all, headers);
  // writeHead's headers replace setHeader's: keep a Vary set earlier (CORS: Origin) beside this one.
  if (headers?.vary !== undefined && res.hasHeader('vary')) all.vary = `${String(res.getHeader('vary'))}, ${headers.vary}`;
  res.writeHead(status, all);
  res.end(body);
}
