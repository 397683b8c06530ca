// Rate-limit headers (draft-ietf-httpapi-ratelimit-headers) for the window closest to refusing
// the request: `RateLimit-Policy` names it with its quota `q` and window `w` (seconds), `RateLimit`
// gives the calls `r` left in it and the seconds `t` until it starts over.
import type { RateLimitWindowStatus } from '@coditect/api';
import type { HeaderMap } from './json-response';

export function addRateLimitHeaders(headers: HeaderMap, window: RateLimitWindowStatus | undefined): HeaderMap {
  if (!window) return headers;
  headers['ratelimit-policy'] = window.policyHeader;
  headers.ratelimit = `"${window.name}";r=${window.remaining};t=${Math.ceil(window.resetMs / 1000)}`;
  return headers;
}
