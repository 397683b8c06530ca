// A user's TOTP two-factor state in the identity space: the seed (sealed), the last time step a
// code was accepted at (a code works once), and the recovery codes as SHA-256 digests. A setup
// not confirmed yet waits beside it for a few minutes.
import { createHash, randomBytes } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import type { Sealed } from './sealed-box';

export interface TwoFactorRecord {
  user_id: string;
  seed: Sealed;
  enabled_at: string;
  /** The TOTP time step of the last accepted code: only later steps are accepted (no replay). */
  last_step: number;
  recovery: Array<{ digest: string; used_at: string | null }>;
}

export interface TwoFactorSetup {
  seed: Sealed;
  expires_at: string;
}

export const RECOVERY_CODE_COUNT = 10;
/** How long a started setup waits for its first code. */
export const SETUP_TTL_SECONDS = 10 * 60;

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx` from an alphabet without look-alikes (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const characters = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]!).join('');
    return `${characters.slice(0, 5)}-${characters.slice(5)}`;
  });
}

/** What a typed recovery code is compared by: case, spaces and dashes do not matter. */
export function recoveryDigest(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('base64url');
}

export const twoFactorRepository = {
  get(identity: ScopedTransaction, userId: string): Promise<TwoFactorRecord | undefined> {
    return identity.get<TwoFactorRecord>(['two_factor', userId]);
  },
  put(identity: ScopedTransaction, record: TwoFactorRecord): void {
    identity.set(['two_factor', record.user_id], record);
  },
  remove(identity: ScopedTransaction, userId: string): void {
    identity.clear(['two_factor', userId]);
    identity.clear(['two_factor_setup', userId]);
  },
  getSetup(identity: ScopedTransaction, userId: string): Promise<TwoFactorSetup | undefined> {
    return identity.get<TwoFactorSetup>(['two_factor_setup', userId]);
  },
  putSetup(identity: ScopedTransaction, userId: string, setup: TwoFactorSetup): void {
    identity.set(['two_factor_setup', userId], setup);
  },
  clearSetup(identity: ScopedTransaction, userId: string): void {
    identity.clear(['two_factor_setup', userId]);
  },
};
