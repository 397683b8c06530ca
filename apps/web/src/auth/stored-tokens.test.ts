import { describe, expect, it } from 'vitest';
import { parseStoredTokens, refreshDueAt, storedTokensFrom, tokenSubject } from './stored-tokens';
import { fakeJwt } from './test-support/fake-tabs';

describe('stored tokens', () => {
  const issuedAt = Date.parse('2026-03-01T10:00:00Z');
  const pair = {
    access_token: fakeJwt({ sub: 'user-1', iat: issuedAt / 1000 }),
    refresh_token: fakeJwt({ sub: 'user-1', iat: issuedAt / 1000 }),
    expires_at: new Date(issuedAt + 3_600_000).toISOString(),
    refresh_expires_at: new Date(issuedAt + 30 * 86_400_000).toISOString(),
  };

  it('converts expiry to the local clock from the token lifetime', () => {
    const localNow = issuedAt - 5 * 60_000; // this browser's clock runs 5 minutes slow
    const stored = storedTokensFrom(pair, localNow);
    expect(stored.access_expires_at).toBe(localNow + 3_600_000);
    expect(stored.refresh_expires_at).toBe(localNow + 30 * 86_400_000);
    expect(refreshDueAt(stored)).toBe(localNow + 3_600_000 - 60_000);
  });

  it('refreshes short-lived tokens a quarter of their lifetime early', () => {
    const short = { ...pair, expires_at: new Date(issuedAt + 20_000).toISOString() };
    expect(refreshDueAt(storedTokensFrom(short, issuedAt))).toBe(issuedAt + 15_000);
  });

  it('falls back to the server timestamps for tokens it cannot read', () => {
    const opaque = { ...pair, access_token: 'opaque', refresh_token: 'opaque-too' };
    const stored = storedTokensFrom(opaque, issuedAt);
    expect(stored.access_expires_at).toBe(issuedAt + 3_600_000);
  });

  it('reads back only well-formed records', () => {
    const stored = storedTokensFrom(pair, issuedAt);
    expect(parseStoredTokens(JSON.stringify(stored))).toEqual(stored);
    expect(parseStoredTokens(null)).toBeNull();
    expect(parseStoredTokens('{not json')).toBeNull();
    expect(parseStoredTokens(JSON.stringify({ access_token: 'x' }))).toBeNull();
  });

  it('names the token’s user', () => {
    expect(tokenSubject(pair.access_token)).toBe('user-1');
    expect(tokenSubject('garbage')).toBeNull();
  });
});
