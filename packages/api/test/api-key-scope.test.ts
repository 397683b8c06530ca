// What an API key may call, and how its secret becomes the stored digest.
import { describe, expect, it } from 'vitest';
import { ApiKeySecrets } from '../src/domain/api-keys/api-key-secrets';
import { assertApiKeyMayCall } from '../src/domain/api-keys/api-key-authentication';
import { authenticate } from '../src/middleware/authentication';
import type { AuthIdentity } from '../src/domain/identity/identity-context';
import type { AuthenticationDeps } from '../src/middleware/authentication';
import type { AppError } from '../src/errors/app-error';

const identity = (scope: 'read' | 'write' | undefined): AuthIdentity => ({
  userId: 'u',
  tenantId: 't',
  homeTenantId: 't',
  email: 'e@example.com',
  role: 'Admin',
  emailVerified: true,
  credential: scope ? { kind: 'api_key', keyId: 'k', scope } : { kind: 'session', sid: 's' },
});

function outcome(run: () => void): string {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('API key scope', () => {
  it('read keys run queries only; write keys everything but session-only operations; sessions everything', () => {
    const table = (['read', 'write', undefined] as const).map((scope) =>
      (['query', 'mutation', 'subscription'] as const).flatMap((type) =>
        (['user', 'session'] as const).map((access) => outcome(() => assertApiKeyMayCall(identity(scope), { type, access }))),
      ),
    );
    expect(table).toEqual([
      // query user, query session, mutation user, mutation session, subscription user, subscription session
      ['allowed', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
      ['allowed', 'FORBIDDEN', 'allowed', 'FORBIDDEN', 'allowed', 'FORBIDDEN'],
      ['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed'],
    ]);
  });

  it('a malformed key is refused with 401 before the store is read (these deps have no store)', async () => {
    const secrets = new ApiKeySecrets();
    const deps = { apiKeys: secrets, now: () => new Date() } as unknown as AuthenticationDeps;
    await expect(authenticate(deps, { authorization: 'Bearer cdk_nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('API key secrets', () => {
  it('are cdk_ + 43 base64url characters, digested independently of the server secret (rotation keeps them)', () => {
    const a = new ApiKeySecrets([new Uint8Array(32).fill(1)]);
    const b = new ApiKeySecrets([new Uint8Array(32).fill(2)]);
    const key = a.generate();
    expect(key.secret).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 10));
    expect(a.digestOf(key.secret)).toBe(key.digest);
    expect(b.digestOf(key.secret)).toBe(key.digest);
    // The digests an older release stored under each secret differ, and differ from the new one.
    expect(a.legacyDigestsOf(key.secret)[0]).not.toBe(b.legacyDigestsOf(key.secret)[0]);
    expect(a.legacyDigestsOf(key.secret)).not.toContain(key.digest);
    expect(key.digest).not.toContain(key.secret.slice(4));
    expect(a.generate().secret).not.toBe(key.secret);
    for (const bad of ['', 'cdk_', `${key.secret}x`, key.secret.slice(0, -1), `CDK_${key.secret.slice(4)}`]) {
      expect(a.digestOf(bad), bad).toBeUndefined();
    }
  });
});
