// The second step of a sign-in: a password (or, later, a provider) proved the first factor, and a
// short-lived, single-use challenge token stands for that until a code proves the second. Only its
// SHA-256 is stored; a few wrong codes use it up.
import { createHash, randomBytes } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import type { UserRecord } from './user-repository';

export const CHALLENGE_TTL_SECONDS = 5 * 60;
export const CHALLENGE_ATTEMPTS = 5;

export interface SignInChallenge {
  user_id: string;
  tenant_id: string;
  expires_at: string;
  attempts_left: number;
  /** The password it was proved with: a change since voids it. */
  password_changed_at: string;
}

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export const signInChallenges = {
  issue(identity: ScopedTransaction, user: UserRecord, now: Date): string {
    const token = randomBytes(32).toString('base64url');
    const challenge: SignInChallenge = {
      user_id: user.user_id,
      tenant_id: user.tenant_id,
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000).toISOString(),
      attempts_left: CHALLENGE_ATTEMPTS,
      password_changed_at: user.password_changed_at,
    };
    identity.set(['sign_in_challenge', digestOf(token)], challenge);
    return token;
  },

  async get(identity: ScopedTransaction, token: string, now: Date): Promise<SignInChallenge | undefined> {
    const challenge = await identity.get<SignInChallenge>(['sign_in_challenge', digestOf(token)]);
    if (!challenge) return undefined;
    if (Date.parse(challenge.expires_at) <= now.getTime()) {
      identity.clear(['sign_in_challenge', digestOf(token)]);
      return undefined;
    }
    return challenge;
  },

  /** One wrong code: the challenge has one attempt less, and is gone after the last. */
  spendAttempt(identity: ScopedTransaction, token: string, challenge: SignInChallenge): void {
    if (challenge.attempts_left <= 1) identity.clear(['sign_in_challenge', digestOf(token)]);
    else identity.set(['sign_in_challenge', digestOf(token)], { ...challenge, attempts_left: challenge.attempts_left - 1 });
  },

  use(identity: ScopedTransaction, token: string): void {
    identity.clear(['sign_in_challenge', digestOf(token)]);
  },
};
