// The token pair as this browser keeps it. Expiry times are converted to the local clock when the
// pair arrives (token lifetime added to the local receipt time), so a client whose clock is off
// neither refreshes on every call nor waits for 401s.
import { z } from 'zod';
import type { TTokenPair } from '@coditect/api/contract';

const ZStoredTokens = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  /** Local-clock milliseconds. */
  received_at: z.number(),
  access_expires_at: z.number(),
  refresh_expires_at: z.number(),
});
export type StoredTokens = z.infer<typeof ZStoredTokens>;

export function storedTokensFrom(pair: TTokenPair, receivedAt: number): StoredTokens {
  return {
    access_token: pair.access_token,
    refresh_token: pair.refresh_token,
    received_at: receivedAt,
    access_expires_at: receivedAt + lifetimeMs(pair.access_token, pair.expires_at, receivedAt),
    refresh_expires_at: receivedAt + lifetimeMs(pair.refresh_token, pair.refresh_expires_at, receivedAt),
  };
}

export function parseStoredTokens(text: string | null): StoredTokens | null {
  if (text === null) return null;
  try {
    const parsed = ZStoredTokens.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** When to refresh ahead of expiry: a minute early, or a quarter of the lifetime for short ones. */
export function refreshDueAt(tokens: StoredTokens): number {
  const lifetime = tokens.access_expires_at - tokens.received_at;
  return tokens.access_expires_at - Math.min(60_000, lifetime / 4);
}

/** The user a token pair belongs to (its `sub` claim), without verifying it: that is the server's job. */
export function tokenSubject(token: string): string | null {
  const sub = jwtClaims(token)?.sub;
  return typeof sub === 'string' ? sub : null;
}

/** The tenant an access token acts in (its `tenant_id` claim); null for tokens that carry none. */
export function tokenTenant(token: string): string | null {
  const tenant = jwtClaims(token)?.tenant_id;
  return typeof tenant === 'string' ? tenant : null;
}

/** Cross-tab messages name a retired refresh token by its signature's tail, not the token. */
export function tokenFingerprint(token: string): string {
  return token.slice(-16);
}

function lifetimeMs(token: string, expiresAt: string, receivedAt: number): number {
  const issuedAt = jwtClaims(token)?.iat;
  const expiry = Date.parse(expiresAt);
  if (typeof issuedAt === 'number' && Number.isFinite(expiry)) return Math.max(0, expiry - issuedAt * 1000);
  return Number.isFinite(expiry) ? Math.max(0, expiry - receivedAt) : 0;
}

function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
