// Security headers. Every response gets the base set (set once per request, before routing); an
// HTML response — the web app's pages, the API reference — replaces the CSP with the page policy.
import type { ServerResponse } from 'node:http';

type HeaderPair = readonly [name: string, value: string];

/** JSON and everything else: nothing may be sniffed, framed, leak a referrer or run as a page. */
const BASE_HEADERS: readonly HeaderPair[] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
];

/**
 * For HTML pages served by this server: their own scripts, styles and images only, API calls to
 * this origin only, never framed. Tokens live in the page's storage, so no inline or foreign script
 * may run. (`data:` images: icons inlined by bundlers.)
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS: readonly HeaderPair[] = [
  ['content-security-policy', HTML_CONTENT_SECURITY_POLICY],
  ['referrer-policy', 'same-origin'],
];

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of BASE_HEADERS) res.setHeader(name, value);
}

/** The same base set as one object, for responses written by a single writeHead (the JSON API). */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(BASE_HEADERS);

/** Call for any HTML response (after `applySecurityHeaders`, which `createApp` runs first). */
export function applyHtmlSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of HTML_HEADERS) res.setHeader(name, value);
}
