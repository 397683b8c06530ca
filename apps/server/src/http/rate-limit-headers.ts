// Rate-limit headers (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` lists every window
// the request was counted against, `RateLimit` the one closest to refusing — its name, the calls
// `r` left and the seconds `t` until it starts over.
import type { RateLimitState } from '@coditect/api';
import type { HeaderMap } from './json-response';

export function addRateLimitHeaders(headers: HeaderMap, state: RateLimitState | undefined): HeaderMap {
  if (!state) return headers;
  const window = state.tightest;
  headers['ratelimit-policy'] = state.policyHeaders.join(', ');
  headers.ratelimit = `"${window.name}";r=${window.remaining};t=${Math.ceil(window.resetMs / 1000)}`;
  return headers;
}
