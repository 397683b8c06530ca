// TOTP two-factor authentication: set up with the password and a first code (the answer carries
// the recovery codes, shown once), then every sign-in asks for a code — or a recovery code, each
// good once. Turning it off, or new recovery codes, take the password. Wrong codes at sign-in
// count against the account like wrong passwords, and a challenge dies after a few.
import { AppError } from '../../errors/app-error';
import type { TLoginResponse, TTwoFactorStatus, TTwoFactorSetup } from '../../contract/auth';
import { emailKey, userRepository, type UserRecord } from './user-repository';
import type { AnonymousContext, CallerContext, IdentityDeps } from './identity-context';
import type { RateLimitGate } from '../rate-limits/rate-limit-gate';
import { RateLimitExceededError } from '../rate-limits/rate-limit-exceeded';
import { signInChallenges } from './sign-in-challenges';
import { openAuthSession } from './sign-in-service';
import { newSeed, otpauthUrl, stepOfCode } from './totp';
import {
  newRecoveryCodes,
  recoveryDigest,
  SETUP_TTL_SECONDS,
  twoFactorRepository,
  type TwoFactorRecord,
} from './two-factor-repository';

type TwoFactorCaller = CallerContext & { deps: Pick<IdentityDeps, 'passwords' | 'twoFactorSeeds' | 'now'> };

function wrongCode(): AppError {
  return new AppError(
    'INVALID_TWO_FACTOR_CODE',
    'That code is not right; check your authenticator app’s clock and try the current code',
  );
}

function notEnabled(): AppError {
  return new AppError('CONFLICT', 'Two-factor authentication is not turned on');
}

async function userWithPassword(ctx: TwoFactorCaller, password: string): Promise<UserRecord> {
  const user = await ctx.tenant.transact((tx) => userRepository.get(tx.identity, ctx.auth.userId));
  if (user?.password_hash === '') {
    throw new AppError(
      'CONFLICT',
      'This account signs in with a provider and has no password yet: set one first ("Forgot your password?" mails a link)',
    );
  }
  if (!user || !(await ctx.deps.passwords.verify(user.password_hash, password))) {
    throw new AppError('INVALID_PASSWORD', 'Current password is incorrect');
  }
  return user;
}

export async function twoFactorStatus(ctx: CallerContext): Promise<TTwoFactorStatus> {
  const record = await ctx.tenant.transact((tx) => twoFactorRepository.get(tx.identity, ctx.auth.userId));
  return {
    enabled: record !== undefined,
    enabled_at: record?.enabled_at ?? null,
    recovery_codes_left: record ? record.recovery.filter((code) => code.used_at === null).length : 0,
  };
}

/** A new seed waiting for its first code (a setup started again replaces it). */
export async function startTwoFactorSetup(ctx: TwoFactorCaller, password: string): Promise<TTwoFactorSetup> {
  const user = await userWithPassword(ctx, password);
  const seed = newSeed();
  const expiresAt = new Date(ctx.deps.now().getTime() + SETUP_TTL_SECONDS * 1000).toISOString();
  await ctx.tenant.transact(async (tx) => {
    if (await twoFactorRepository.get(tx.identity, user.user_id)) {
      throw new AppError('CONFLICT', 'Two-factor authentication is already on; turn it off first to set up another app');
    }
    twoFactorRepository.putSetup(tx.identity, user.user_id, { seed: ctx.deps.twoFactorSeeds.seal(seed), expires_at: expiresAt });
  });
  return { secret: seed, otpauth_url: otpauthUrl(seed, user.email), expires_at: expiresAt };
}

/** The first code proves the app holds the seed: two-factor is on, and the recovery codes are shown once. */
export async function enableTwoFactor(ctx: TwoFactorCaller, code: string): Promise<string[]> {
  const now = ctx.deps.now();
  const codes = newRecoveryCodes();
  await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const setup = await twoFactorRepository.getSetup(identity, ctx.auth.userId);
    const seed = setup && Date.parse(setup.expires_at) > now.getTime() ? ctx.deps.twoFactorSeeds.open(setup.seed) : undefined;
    if (!setup || seed === undefined) throw new AppError('CONFLICT', 'No setup is waiting (or it expired): start again');
    const step = stepOfCode(seed, code, now);
    if (step === undefined) throw wrongCode();
    twoFactorRepository.put(identity, {
      user_id: ctx.auth.userId,
      seed: setup.seed,
      enabled_at: now.toISOString(),
      last_step: step,
      recovery: codes.map((recovery) => ({ digest: recoveryDigest(recovery), used_at: null })),
    });
    twoFactorRepository.clearSetup(identity, ctx.auth.userId);
  });
  return codes;
}

export async function disableTwoFactor(ctx: TwoFactorCaller, password: string): Promise<void> {
  const user = await userWithPassword(ctx, password);
  await ctx.tenant.transact(async (tx) => {
    if (!(await twoFactorRepository.get(tx.identity, user.user_id))) throw notEnabled();
    twoFactorRepository.remove(tx.identity, user.user_id);
  });
}

/** A new set of recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: TwoFactorCaller, password: string): Promise<string[]> {
  const user = await userWithPassword(ctx, password);
  const codes = newRecoveryCodes();
  await ctx.tenant.transact(async (tx) => {
    const record = await twoFactorRepository.get(tx.identity, user.user_id);
    if (!record) throw notEnabled();
    twoFactorRepository.put(tx.identity, {
      ...record,
      recovery: codes.map((recovery) => ({ digest: recoveryDigest(recovery), used_at: null })),
    });
  });
  return codes;
}

/** The record with `code` spent, or undefined when it is neither a fresh TOTP code nor an unused recovery code. */
function spendCode(record: TwoFactorRecord, seed: string, code: string, now: Date): TwoFactorRecord | undefined {
  const typed = code.trim();
  const step = stepOfCode(seed, typed.replace(/\s/g, ''), now);
  if (step !== undefined) return step > record.last_step ? { ...record, last_step: step } : undefined;
  const digest = recoveryDigest(typed);
  const index = record.recovery.findIndex((recovery) => recovery.digest === digest && recovery.used_at === null);
  if (index === -1) return undefined;
  const recovery = record.recovery.map((entry, at) => (at === index ? { ...entry, used_at: now.toISOString() } : entry));
  return { ...record, recovery };
}

type SignInOutcome = { kind: 'ok'; userId: string } | { kind: 'wrong' } | { kind: 'gone' };

/**
 * The sign-in's second step. Every attempt counts against the account's failed sign-ins (given back
 * when the code is right), so guessing is throttled exactly like passwords; a challenge also dies
 * after a few wrong codes. `onSubject` learns whose sign-in it is (for the audit trail).
 */
export async function completeTwoFactorSignIn(
  ctx: AnonymousContext & { deps: { rateLimits: RateLimitGate } },
  input: { challenge: string; code: string },
  onSubject: (subject: { tenantId: string; userId: string }) => void,
): Promise<TLoginResponse> {
  const { deps } = ctx;
  const now = deps.now();
  const holder = await ctx.identity.transact(async (tx) => {
    const challenge = await signInChallenges.get(tx.identity, input.challenge, now);
    return challenge && (await userRepository.get(tx.identity, challenge.user_id));
  });
  if (!holder) throw new AppError('INVALID_TOKEN', 'This sign-in has expired or was used; sign in again');
  onSubject({ tenantId: holder.tenant_id, userId: holder.user_id });
  const account = emailKey(holder.email);
  const counted = await deps.rateLimits.consume([
    { policy: 'login_account', key: account },
    { policy: 'login_ip', key: ctx.request.ip },
  ]);
  if (!counted.allowed) throw new RateLimitExceededError(counted.window);

  const outcome = await ctx.identity.transact(async (tx): Promise<SignInOutcome> => {
    const { identity } = tx;
    const challenge = await signInChallenges.get(identity, input.challenge, now);
    const user = challenge && (await userRepository.get(identity, challenge.user_id));
    if (!challenge || !user || user.password_changed_at !== challenge.password_changed_at) return { kind: 'gone' };
    const record = await twoFactorRepository.get(identity, user.user_id);
    // Two-factor was turned off meanwhile: the password alone was enough.
    const seed = record && deps.twoFactorSeeds.open(record.seed);
    const spent = record && seed !== undefined ? spendCode(record, seed, input.code, now) : record ? undefined : null;
    if (spent === undefined) {
      signInChallenges.spendAttempt(identity, input.challenge, challenge);
      return { kind: 'wrong' };
    }
    if (spent) twoFactorRepository.put(identity, spent);
    signInChallenges.use(identity, input.challenge);
    return { kind: 'ok', userId: user.user_id };
  });
  if (outcome.kind === 'gone') throw new AppError('INVALID_TOKEN', 'This sign-in has expired or was used; sign in again');
  if (outcome.kind === 'wrong') throw wrongCode();
  await Promise.all([deps.rateLimits.refund('login_account', account), deps.rateLimits.refund('login_ip', ctx.request.ip)]);
  const opened = await openAuthSession(ctx, outcome.userId, {
    stillValid: (user) => user.password_changed_at === holder.password_changed_at,
    secondFactor: 'proved',
  });
  if (opened.kind !== 'signed_in') throw new AppError('INVALID_TOKEN', 'This sign-in has expired or was used; sign in again');
  return opened.response;
}
