// The rate limits of docs/api-rules.md#rate-limits, applied by the middleware in procedure.ts: every
// authenticated call counts against its user and its tenant; an operation whose meta names a
// dedicated limit (login, register, messages) also counts against that one, before it runs.
import type { AuthIdentity } from '../domain/identity/identity-context';
import { emailKey } from '../domain/identity/user-repository';
import type { DedicatedRateLimit } from '../contract/operation';
import type { RequestInfo } from '../context';
import { tighterWindow, type RateLimitGate, type RateLimitVerdict } from '../domain/rate-limits/rate-limit-gate';
import { RateLimitExceededError } from '../domain/rate-limits/rate-limit-exceeded';

/** Both limits are counted even when one refuses, as two independent limiters would. */
export async function enforceCallerLimits(gate: RateLimitGate, request: RequestInfo, identity: AuthIdentity): Promise<void> {
  const verdict = await gate.consume([
    { policy: 'user', key: identity.userId },
    { policy: 'tenant', key: identity.tenantId },
  ]);
  request.rateLimit = tighterWindow(request.rateLimit, verdict.window);
  if (!verdict.allowed) throw new RateLimitExceededError(verdict.window);
}

/**
 * Counts the call against `limit` and refuses it (before it runs) when over; a successful login
 * then resets its email + IP counter. Calls without a key (a login body without an email) are left
 * to input validation, which answers 400 without touching any password.
 */
export async function withDedicatedLimit<R extends { ok: boolean }>(
  gate: RateLimitGate,
  request: RequestInfo,
  caller: AuthIdentity | undefined,
  limit: DedicatedRateLimit,
  rawInput: unknown,
  run: () => Promise<R>,
): Promise<R> {
  const key = dedicatedLimitKey(limit, request, caller, rawInput);
  if (key === undefined) return run();
  const verdict: RateLimitVerdict = await gate.consume([{ policy: limit, key }]);
  request.rateLimit = tighterWindow(request.rateLimit, verdict.window);
  if (!verdict.allowed) throw new RateLimitExceededError(verdict.window);
  const result = await run();
  if (limit === 'login' && result.ok) await gate.reset(limit, key);
  return result;
}

const MAX_EMAIL_KEY_CHARS = 512;

/** `caller`: the authenticated caller of this call, if any (never another call's of the same batch). */
export function dedicatedLimitKey(
  limit: DedicatedRateLimit,
  request: RequestInfo,
  caller: AuthIdentity | undefined,
  rawInput: unknown,
): string | undefined {
  switch (limit) {
    case 'login': {
      const email = (rawInput as { email?: unknown } | null | undefined)?.email;
      // Keyed by what login compares (the normalised email), so case or spaces do not reset the
      // count. An email too long to be valid is refused by validation; it must not become a key.
      if (typeof email !== 'string' || email.length > MAX_EMAIL_KEY_CHARS) return undefined;
      return `${emailKey(email)} ${request.ip}`;
    }
    case 'register':
      return request.ip;
    case 'messages':
      return caller?.userId ?? `ip ${request.ip}`;
  }
}
