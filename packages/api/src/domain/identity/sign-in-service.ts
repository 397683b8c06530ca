// Login, logout and refresh-token rotation with reuse detection (docs/api-rules.md#authentication).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TLoginRequest, TLoginResponse, TRefreshRequest, TTokenPair } from '../../contract/auth';
import { authSessionRepository, isSessionActive, newAuthSession } from './auth-session-repository';
import type { AnonymousContext, AuthIdentity, CallerContext } from './identity-context';
import { fullName, userRepository, type UserRecord } from './user-repository';
import { membershipRepository, type MembershipRecord } from './membership-repository';
import { homeTenantOf } from './tokens';
import type { ScopedTransaction } from '@coditect/store';
import { twoFactorRepository } from './two-factor-repository';
import { CHALLENGE_TTL_SECONDS, signInChallenges } from './sign-in-challenges';

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
}

/**
 * Unknown email and wrong password answer identically, after the same Argon2 work. An account with
 * two-factor authentication answers 401 TWO_FACTOR_REQUIRED instead of tokens, with a challenge in
 * `details` that auth.verifyTwoFactor completes with a code.
 */
export async function login(ctx: AnonymousContext, input: TLoginRequest): Promise<TLoginResponse> {
  const { deps } = ctx;
  const found = await ctx.identity.transact((tx) => userRepository.getByEmail(tx.identity, input.email));
  // An account made through a provider has no password until a reset gives it one.
  if (!found || found.password_hash === '') {
    await deps.passwords.verifyNothing(input.password);
    throw invalidCredentials();
  }
  if (!(await deps.passwords.verify(found.password_hash, input.password))) throw invalidCredentials();
  if (!found.is_active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
  const opened = await openAuthSession(ctx, found.user_id, {
    stillValid: (current) => current.password_hash === found.password_hash,
    secondFactor: 'ask',
  });
  // The password changed between the check and now: the checked password is no longer valid.
  if (opened.kind === 'stale') throw invalidCredentials();
  if (opened.kind === 'challenge') throw twoFactorRequired(opened.challenge);
  return opened.response;
}

function twoFactorRequired(challenge: string): AppError {
  return new AppError('TWO_FACTOR_REQUIRED', 'Enter the code from your authenticator app (or a recovery code)', {
    challenge,
    expires_in: CHALLENGE_TTL_SECONDS,
  });
}

export interface SignInProof {
  /** Re-checks, in the session's transaction, what the first factor proved (the password is unchanged). */
  stillValid: (user: UserRecord) => boolean;
  /** `ask`: an account with two-factor authentication gets a challenge instead; `proved`: a code was given. */
  secondFactor: 'ask' | 'proved';
}

export type OpenedSession =
  | { kind: 'signed_in'; response: TLoginResponse }
  /** The account asks for a second factor: the challenge that stands for the first until then. */
  | { kind: 'challenge'; challenge: string }
  /** What the first factor proved no longer holds (the account is gone or its password changed). */
  | { kind: 'stale' };

/** Signs `userId` in: a new auth session (with the client's device) and its token pair. */
export async function openAuthSession(ctx: AnonymousContext, userId: string, proof: SignInProof): Promise<OpenedSession> {
  const { deps } = ctx;
  const now = deps.now();
  const sid = randomUUID();
  const refreshJti = randomUUID();
  const lifetime = deps.tokens.sessionLifetime(now);
  const opened = await ctx.identity.transact(
    async (tx): Promise<{ challenge: string } | { user: UserRecord; landing: MembershipRecord } | undefined> => {
      const { identity } = tx;
      const [current, twoFactor] = await Promise.all([
        userRepository.get(identity, userId),
        proof.secondFactor === 'ask' ? twoFactorRepository.get(identity, userId) : undefined,
      ]);
      if (!current || !proof.stillValid(current)) return undefined;
      if (!current.is_active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
      if (twoFactor) return { challenge: signInChallenges.issue(identity, current, now) };
      const landing = await landingMembership(identity, current);
      const updated = { ...current, last_login_at: now.toISOString() };
      userRepository.put(identity, updated);
      membershipRepository.put(identity, { ...landing, last_active_at: now.toISOString() });
      authSessionRepository.put(
        tx.tenant(current.tenant_id),
        newAuthSession({
          sid,
          userId: current.user_id,
          refreshJti,
          now,
          lifetime,
          client: ctx.request,
        }),
      );
      return { user: updated, landing };
    },
  );
  if (!opened) return { kind: 'stale' };
  if ('challenge' in opened) return { kind: 'challenge', challenge: opened.challenge };

  const { user, landing } = opened;
  const { tokens } = await deps.tokens.issuePair(
    {
      userId: user.user_id,
      tenantId: landing.tenant_id,
      homeTenantId: user.tenant_id,
      email: user.email,
      role: landing.role,
      sid,
    },
    refreshJti,
    lifetime.refreshExpiresAt,
  );
  const response: TLoginResponse = {
    user: {
      user_id: user.user_id,
      tenant_id: landing.tenant_id,
      email: user.email,
      full_name: fullName(user),
      role: landing.role,
    },
    tokens,
  };
  return { kind: 'signed_in', response };
}

/**
 * Where a sign-in lands: the tenant the user last switched to while they still belong there,
 * else their self-tenant.
 */
async function landingMembership(identity: ScopedTransaction, user: UserRecord): Promise<MembershipRecord> {
  if (user.last_tenant_id && user.last_tenant_id !== user.tenant_id) {
    const last = await membershipRepository.get(identity, user.user_id, user.last_tenant_id);
    if (last && !last.disabled) return last;
  }
  const own = await membershipRepository.get(identity, user.user_id, user.tenant_id);
  if (!own) throw new AppError('INTERNAL_ERROR', `User ${user.user_id} has no membership of their own tenant`);
  return own;
}

/** Ends the caller's auth session: its access and refresh tokens stop working at once. */
export async function logout(ctx: CallerContext): Promise<void> {
  await ctx.home.transact(async (tx) => {
    const session = await authSessionRepository.get(tx, sessionIdOf(ctx.auth));
    if (session) authSessionRepository.revoke(tx, session, 'logout', ctx.deps.now());
  });
}

type RefreshOutcome =
  { kind: 'rotated'; email: string; role: AuthIdentity['role']; refreshExpiresAt: Date } | { kind: 'reused' } | { kind: 'ended' };

/**
 * Rotates the pair. The presented token must be its session's current refresh token; an older one
 * of the same family means it was copied, so the whole session is revoked (and that revocation is
 * committed) before answering 401 TOKEN_REUSED.
 */
export async function refresh(ctx: Pick<AnonymousContext, 'deps' | 'identity'>, input: TRefreshRequest): Promise<TTokenPair> {
  const { deps } = ctx;
  const claims = await deps.tokens.verify(input.refresh_token, 'refresh');
  const nextJti = randomUUID();
  const now = deps.now();
  const outcome = await ctx.identity.transact(async (tx): Promise<RefreshOutcome> => {
    const tenant = tx.tenant(homeTenantOf(claims));
    const session = await authSessionRepository.get(tenant, claims.sid);
    if (!session || !isSessionActive(session, claims.sub, now)) return { kind: 'ended' };
    if (session.refresh_jti !== claims.jti) {
      authSessionRepository.revoke(tenant, session, 'token_reuse', now);
      return { kind: 'reused' };
    }
    const [user, membership] = await Promise.all([
      userRepository.get(tx.identity, claims.sub),
      membershipRepository.get(tx.identity, claims.sub, claims.tenant_id),
    ]);
    if (!user || !user.is_active) {
      authSessionRepository.revoke(tenant, session, 'logout', now);
      return { kind: 'ended' };
    }
    // Rotation never extends the session past its absolute end (SESSION_MAX_AGE from sign-in).
    const lifetime = deps.tokens.sessionLifetime(new Date(session.created_at), session.absolute_expires_at);
    authSessionRepository.put(tenant, {
      ...session,
      refresh_jti: nextJti,
      generation: session.generation + 1,
      last_refreshed_at: now.toISOString(),
      expires_at: lifetime.refreshExpiresAt.toISOString(),
      absolute_expires_at: lifetime.absoluteEnd.toISOString(),
    });
    // The pair stays in its tenant even when the membership has ended: the next call there says so
    // (MEMBERSHIP_ENDED) rather than a retried call silently acting in another tenant.
    if (membership) membershipRepository.put(tx.identity, { ...membership, last_active_at: now.toISOString() });
    return {
      kind: 'rotated',
      email: user.email,
      role: membership?.role ?? claims.role,
      refreshExpiresAt: lifetime.refreshExpiresAt,
    };
  });

  if (outcome.kind === 'reused') {
    throw new AppError('TOKEN_REUSED', 'This refresh token was already used; the session has been ended');
  }
  if (outcome.kind === 'ended') throw new AppError('UNAUTHORIZED', 'The session has ended');
  const { tokens } = await deps.tokens.issuePair(
    {
      userId: claims.sub,
      tenantId: claims.tenant_id,
      homeTenantId: homeTenantOf(claims),
      email: outcome.email,
      role: outcome.role,
      sid: claims.sid,
    },
    nextJti,
    outcome.refreshExpiresAt,
  );
  return tokens;
}

/** The auth session behind a session-only call (logout): API keys never reach such procedures. */
export function sessionIdOf(identity: AuthIdentity): string {
  if (identity.credential.kind !== 'session') {
    throw new AppError('FORBIDDEN', 'This operation needs a signed-in user session; API keys cannot call it');
  }
  return identity.credential.sid;
}

/** How long an address the user signed in from counts as theirs (see the account's failure limit). */
export const KNOWN_ADDRESS_DAYS = 30;

/** Whether `email`'s account signed in from `ip` in the last KNOWN_ADDRESS_DAYS. */
export async function signedInFromLately(
  ctx: Pick<AnonymousContext, 'deps' | 'identity'>,
  email: string,
  ip: string,
): Promise<boolean> {
  const since = ctx.deps.now().getTime() - KNOWN_ADDRESS_DAYS * 86_400_000;
  return ctx.identity.transact(async (tx) => {
    const user = await userRepository.getByEmail(tx.identity, email);
    if (!user) return false;
    const sessions = await authSessionRepository.listForUser(tx.tenant(user.tenant_id), user.user_id);
    return sessions.some((session) => session.ip === ip && Date.parse(session.created_at) >= since);
  });
}
