// What the rate-limiting middleware needs from a limiter backend (the server provides one built on
// rate-limiter-flexible, in memory or in Redis), and the per-request state the transport turns into
// rate-limit headers.
import type { DedicatedRateLimit } from '../../contract/operation';

/** `login_ip` and `login_account`: failed sign-ins per client IP, and per account from unknown addresses. */
export type RateLimitPolicy = 'user' | 'tenant' | DedicatedRateLimit | 'login_ip' | 'login_account';

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
  /** This window as a `RateLimit-Policy` item: `"user-1m";q=100;w=60`. */
  policyHeader: string;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Refused: the exceeded window with the longest wait. Allowed: the window with the fewest calls left. */
  window: RateLimitWindowStatus;
}

export interface RateLimitCheck {
  policy: RateLimitPolicy;
  key: string;
}

export interface RateLimitGate {
  /**
   * Counts one call against every window of each check's policy for its key — all of them, even
   * when one refuses — and answers for the lot. Never rejects for a backend outage.
   */
  consume(checks: readonly RateLimitCheck[]): Promise<RateLimitVerdict>;
  /** Forgets `key`'s count under `policy` (a successful login resets its email + IP counter). */
  reset(policy: RateLimitPolicy, key: string): Promise<void>;
  /** Gives back one call counted under `policy` (a sign-in that succeeded was no failure). */
  refund(policy: RateLimitPolicy, key: string): Promise<void>;
}

/**
 * Of the windows a request was counted against (a tRPC batch counts each call), the one closest
 * to refusing; the transport turns it into the rate-limit headers.
 */
export function tighterWindow(
  current: RateLimitWindowStatus | undefined,
  candidate: RateLimitWindowStatus,
): RateLimitWindowStatus {
  if (!current) return candidate;
  return candidate.remaining < current.remaining ||
    (candidate.remaining === current.remaining && candidate.resetMs > current.resetMs)
    ? candidate
    : current;
}

/** Whole seconds, rounded up, never 0 (a Retry-After of 0 invites an immediate retry storm). */
export function retryAfterSeconds(window: RateLimitWindowStatus): number {
  return Math.max(1, Math.ceil(window.resetMs / 1000));
}
