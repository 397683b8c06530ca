// Argon2id password hashing (OWASP: m=19456 KiB, t=2, p=1), off the event loop (libuv threads).
// Passwords are NFC-normalised the same way on register, login and change, and never truncated.
import { hash, verify, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** `Algorithm.Argon2id` — the binding declares it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Options['algorithm'];

export const ARGON2_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the time of one verification, for accounts that do not exist. */
  verifyNothing(password: string): Promise<void>;
}

export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export async function createPasswordHasher(): Promise<PasswordHasher> {
  const dummyHash = await hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
  return {
    hash: (password) => hash(normalizePassword(password), ARGON2_OPTIONS),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, normalizePassword(password));
      } catch {
        return false;
      }
    },
    verifyNothing: async (password) => {
      await verify(dummyHash, normalizePassword(password)).catch(() => false);
    },
  };
}
