// What the rate-limiting middleware needs from a limiter backend (the server provides one built on
// rate-limiter-flexible, in memory or in Redis), and the per-request state the transport turns into
// rate-limit headers.
import type { DedicatedRateLimit } from '../router/operation';

export type RateLimitPolicy = 'user' | 'tenant' | DedicatedRateLimit;

/** One window of a policy after a call was counted against it. */
export interface RateLimitWindowStatus {
  policy: RateLimitPolicy;
  /** Stable name of the window, e.g. `user-1m` (the IETF draft's policy name). */
  name: string;
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Milliseconds until this window's count starts again. */
  resetMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Refused: the exceeded window with the longest wait. Allowed: the window with the fewest calls left. */
  window: RateLimitWindowStatus;
  /** `"user-1m";q=100;w=60, "user-1h";q=1000;w=3600` — this policy's part of `RateLimit-Policy`. */
  policyHeader: string;
}

export interface RateLimitGate {
  /** Counts one call against every window of `policy` for `key`. Never rejects for a backend outage. */
  consume(policy: RateLimitPolicy, key: string): Promise<RateLimitVerdict>;
  /** Forgets `key`'s count under `policy` (a successful login resets its email + IP counter). */
  reset(policy: RateLimitPolicy, key: string): Promise<void>;
}

/** Accumulated over the calls of one HTTP request (a tRPC batch counts each call). */
export interface RateLimitState {
  policyHeaders: string[];
  /** The window closest to refusing, across every policy the request was counted against. */
  tightest: RateLimitWindowStatus;
}

export function noteVerdict(state: RateLimitState | undefined, verdict: RateLimitVerdict): RateLimitState {
  if (!state) return { policyHeaders: [verdict.policyHeader], tightest: verdict.window };
  if (!state.policyHeaders.includes(verdict.policyHeader)) state.policyHeaders.push(verdict.policyHeader);
  if (tighter(verdict.window, state.tightest)) state.tightest = verdict.window;
  return state;
}

function tighter(a: RateLimitWindowStatus, b: RateLimitWindowStatus): boolean {
  return a.remaining < b.remaining || (a.remaining === b.remaining && a.resetMs > b.resetMs);
}

/** Whole seconds, rounded up, never 0 (a Retry-After of 0 invites an immediate retry storm). */
export function retryAfterSeconds(window: RateLimitWindowStatus): number {
  return Math.max(1, Math.ceil(window.resetMs / 1000));
}
