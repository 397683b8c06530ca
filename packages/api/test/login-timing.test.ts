// Unknown emails cost the same Argon2 work as wrong passwords (no existence side channel).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '@coditect/store';
import { AppError } from '../src/errors/app-error';
import { createPasswordHasher, type PasswordHasher } from '../src/domain/identity/passwords';
import { registerUser } from '../src/domain/identity/registration-service';
import { login } from '../src/domain/identity/sign-in-service';
import { TokenService } from '../src/domain/identity/tokens';
import { signingKeys } from '../src/domain/identity/signing-keys';
import { SealedBox } from '../src/domain/identity/sealed-box';
import { ApiKeySecrets } from '../src/domain/api-keys/api-key-secrets';
import { createIdentityScope } from '../src/storage/identity-scope';
import { inThreadPasswordStrength } from '../src/domain/identity/password-strength';

describe('login against unknown and known emails', () => {
  it('runs exactly one password verification either way and fails identically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'login-timing-'));
    const store = await openStore({ backend: 'embedded', dataDir: dir });
    try {
      const real = await createPasswordHasher();
      const calls: string[] = [];
      const passwords: PasswordHasher = {
        hash: real.hash,
        verify: (hash, password) => (calls.push('verify'), real.verify(hash, password)),
        verifyNothing: (password) => (calls.push('verifyNothing'), real.verifyNothing(password)),
      };
      const now = () => new Date();
      const tokens = new TokenService({
        keys: signingKeys(new Uint8Array(32).fill(7)),
        accessTtlSeconds: 60,
        refreshTtlSeconds: 600,
        now,
      });
      const accountMail = {
        send: () => undefined,
        delivers: false,
        publicUrl: 'http://localhost',
        verification: 'optional' as const,
      };
      const deps = {
        passwords,
        passwordStrength: inThreadPasswordStrength,
        tokens,
        apiKeys: new ApiKeySecrets(),
        accountMail,
        twoFactorSeeds: new SealedBox('a test secret for two-factor seeds', 'two-factor seeds v1'),
        now,
      };
      const ctx = { deps, identity: createIdentityScope(store), request: { ip: '127.0.0.1', userAgent: undefined } };
      await registerUser(ctx, { email: 'known@example.com', password: 'right password', first_name: 'K', last_name: 'N' });

      const failures: AppError[] = [];
      for (const email of ['known@example.com', 'unknown@example.com']) {
        calls.length = 0;
        const error = await login(ctx, { email, password: 'wrong password' }).catch((caught: AppError) => caught);
        failures.push(error as AppError);
        expect(calls).toHaveLength(1);
      }
      expect(failures[0]).toBeInstanceOf(AppError);
      expect(failures.map((error) => [error.code, error.message])).toEqual([
        ['INVALID_CREDENTIALS', 'Invalid email or password'],
        ['INVALID_CREDENTIALS', 'Invalid email or password'],
      ]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
