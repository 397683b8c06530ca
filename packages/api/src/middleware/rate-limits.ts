// The rate limits of docs/api-rules.md#rate-limits, applied by the middleware in procedure.ts: every
// authenticated call counts against its user and its tenant; an operation whose meta names a
// dedicated limit (login, register, messages) also counts against that one, before it runs.
import type { AuthIdentity } from '../domain/identity/identity-context';
import { emailKey } from '../domain/identity/user-repository';
import type { DedicatedRateLimit } from '../contract/operation';
import type { RequestInfo } from '../context';
import {
  tighterWindow,
  type RateLimitCheck,
  type RateLimitGate,
  type RateLimitVerdict,
} from '../domain/rate-limits/rate-limit-gate';
import { RateLimitExceededError } from '../domain/rate-limits/rate-limit-exceeded';
import { toAppError } from '../errors/error-classification';

/** Both limits are counted even when one refuses, as two independent limiters would. */
export async function enforceCallerLimits(gate: RateLimitGate, request: RequestInfo, identity: AuthIdentity): Promise<void> {
  const verdict = await gate.consume([
    { policy: 'user', key: identity.userId },
    { policy: 'tenant', key: identity.tenantId },
  ]);
  request.rateLimit = tighterWindow(request.rateLimit, verdict.window);
  if (!verdict.allowed) throw new RateLimitExceededError(verdict.window);
}

/** Whether `email` signed in from `ip` lately (then a flood of failures elsewhere does not lock it out). */
export type KnownAddressCheck = (email: string, ip: string) => Promise<boolean>;

/**
 * Counts the call against `limit` and refuses it (before it runs) when over. Calls without a key
 * (a login body without an email) are left to input validation, which answers 400 without
 * touching any password. Password checks (`login`) also count against the client IP's failures
 * across emails and the account's failures across addresses — the latter waived for an address
 * the account signed in from lately, so spraying it cannot lock its owner out; a success resets
 * the email + IP count and gives back the other two.
 */
export async function withDedicatedLimit<R extends { ok: boolean }>(
  gate: RateLimitGate,
  request: RequestInfo,
  caller: AuthIdentity | undefined,
  limit: DedicatedRateLimit,
  rawInput: unknown,
  run: () => Promise<R>,
  isKnownAddress?: KnownAddressCheck,
): Promise<R> {
  const key = dedicatedLimitKey(limit, request, caller, rawInput);
  if (key === undefined) return run();
  await count(gate, request, { policy: limit, key });
  if (limit !== 'login') return run();

  const email = key.slice(0, key.lastIndexOf(' '));
  await count(gate, request, { policy: 'login_ip', key: request.ip });
  const account = await gate.consume([{ policy: 'login_account', key: email }]);
  if (!account.allowed && !(await isKnownAddress?.(email, request.ip))) {
    request.rateLimit = tighterWindow(request.rateLimit, account.window);
    throw new RateLimitExceededError(account.window);
  }
  const result = await run();
  // A right password on an account with two-factor authentication is no failed sign-in either.
  if (result.ok || passwordAccepted(result)) {
    await Promise.all([gate.reset('login', key), gate.refund('login_ip', request.ip), gate.refund('login_account', email)]);
  }
  return result;
}

function passwordAccepted(result: { ok: boolean }): boolean {
  const { error } = result as { error?: unknown };
  return error !== undefined && toAppError(error).code === 'TWO_FACTOR_REQUIRED';
}

async function count(gate: RateLimitGate, request: RequestInfo, check: RateLimitCheck): Promise<void> {
  const verdict: RateLimitVerdict = await gate.consume([check]);
  request.rateLimit = tighterWindow(request.rateLimit, verdict.window);
  if (!verdict.allowed) throw new RateLimitExceededError(verdict.window);
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
      // A signed-in caller proving their password (a password change) is counted as their email.
      const email = caller?.email ?? (rawInput as { email?: unknown } | null | undefined)?.email;
      // Keyed by what login compares (the normalised email), so case or spaces do not reset the
      // count. An email too long to be valid is refused by validation; it must not become a key.
      if (typeof email !== 'string' || email.length > MAX_EMAIL_KEY_CHARS) return undefined;
      return `${emailKey(email)} ${request.ip}`;
    }
    case 'register':
    case 'refresh':
    case 'oauth':
      return request.ip;
    case 'messages':
    case 'tasks':
      return caller?.userId ?? `ip ${request.ip}`;
    case 'mail': {
      // Per recipient, so no address can be flooded with links (whoever asks, from wherever): the
      // address the input names (a reset, an invitation), else the signed-in caller's own.
      const email = (rawInput as { email?: unknown } | null | undefined)?.email;
      if (typeof email === 'string' && email.length <= MAX_EMAIL_KEY_CHARS) return `email ${emailKey(email)}`;
      if (caller) return `user ${caller.userId}`;
      return undefined;
    }
  }
}
