// Login, logout and refresh-token rotation with reuse detection (SPEC §5).
import { randomUUID } from 'node:crypto';
import { scopeTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { TLoginRequest, TLoginResponse, TTokenPair } from '../../contract/auth';
import { identitySpace, tenantSpace } from '../../storage/keyspace';
import { authSessionRepository, isSessionActive, newAuthSession } from './auth-session-repository';
import { sessionIdOf } from './authenticate';
import type { AuthIdentity, ClientInfo, IdentityDeps } from './identity-context';
import { fullName, userRepository } from './user-repository';

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
}

/** Unknown email and wrong password answer identically, after the same Argon2 work. */
export async function login(deps: IdentityDeps, input: TLoginRequest, client: ClientInfo): Promise<TLoginResponse> {
  const found = await deps.store.transact((tx) => userRepository.getByEmail(scopeTransaction(tx, identitySpace), input.email));
  if (!found) {
    await deps.passwords.verifyNothing(input.password);
    throw invalidCredentials();
  }
  if (!(await deps.passwords.verify(found.password_hash, input.password))) throw invalidCredentials();
  if (!found.is_active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');

  const now = deps.now();
  const sid = randomUUID();
  const refreshJti = randomUUID();
  const user = await deps.store.transact(async (tx) => {
    const identity = scopeTransaction(tx, identitySpace);
    const current = await userRepository.get(identity, found.user_id);
    // The password changed between the check and now: the checked password is no longer valid.
    if (!current || current.password_hash !== found.password_hash) throw invalidCredentials();
    const updated = { ...current, last_login_at: now.toISOString() };
    userRepository.put(identity, updated);
    authSessionRepository.put(
      scopeTransaction(tx, tenantSpace(current.tenant_id)),
      newAuthSession({ sid, userId: current.user_id, refreshJti, now, expiresAt: deps.tokens.refreshExpiry(), client }),
    );
    return updated;
  });

  const { tokens } = await deps.tokens.issuePair(
    { userId: user.user_id, tenantId: user.tenant_id, email: user.email, role: user.role, sid },
    refreshJti,
  );
  return {
    user: {
      user_id: user.user_id,
      tenant_id: user.tenant_id,
      email: user.email,
      full_name: fullName(user),
      role: user.role,
    },
    tokens,
  };
}

/** Ends the caller's auth session: its access and refresh tokens stop working at once. */
export async function logout(deps: IdentityDeps, auth: AuthIdentity): Promise<void> {
  await deps.store.transact(async (tx) => {
    const tenant = scopeTransaction(tx, tenantSpace(auth.tenantId));
    const session = await authSessionRepository.get(tenant, sessionIdOf(auth));
    if (session) authSessionRepository.revoke(tenant, session, 'logout', deps.now());
  });
}

type RefreshOutcome =
  | { kind: 'rotated'; email: string; role: AuthIdentity['role'] }
  | { kind: 'reused' }
  | { kind: 'ended' };

/**
 * Rotates the pair. The presented token must be its session's current refresh token; an older one
 * of the same family means it was copied, so the whole session is revoked (and that revocation is
 * committed) before answering 401 TOKEN_REUSED.
 */
export async function refresh(deps: IdentityDeps, refreshToken: string): Promise<TTokenPair> {
  const claims = await deps.tokens.verify(refreshToken, 'refresh');
  const nextJti = randomUUID();
  const now = deps.now();
  const outcome = await deps.store.transact(async (tx): Promise<RefreshOutcome> => {
    const tenant = scopeTransaction(tx, tenantSpace(claims.tenant_id));
    const session = await authSessionRepository.get(tenant, claims.sid);
    if (!session || !isSessionActive(session, claims.sub, now)) return { kind: 'ended' };
    if (session.refresh_jti !== claims.jti) {
      authSessionRepository.revoke(tenant, session, 'token_reuse', now);
      return { kind: 'reused' };
    }
    const user = await userRepository.get(scopeTransaction(tx, identitySpace), claims.sub);
    if (!user || !user.is_active) {
      authSessionRepository.revoke(tenant, session, 'logout', now);
      return { kind: 'ended' };
    }
    authSessionRepository.put(tenant, {
      ...session,
      refresh_jti: nextJti,
      generation: session.generation + 1,
      last_refreshed_at: now.toISOString(),
      expires_at: deps.tokens.refreshExpiry().toISOString(),
    });
    return { kind: 'rotated', email: user.email, role: user.role };
  });

  if (outcome.kind === 'reused') {
    throw new AppError('TOKEN_REUSED', 'This refresh token was already used; the session has been ended');
  }
  if (outcome.kind === 'ended') throw new AppError('UNAUTHORIZED', 'The session has ended');
  const { tokens } = await deps.tokens.issuePair(
    { userId: claims.sub, tenantId: claims.tenant_id, email: outcome.email, role: outcome.role, sid: claims.sid },
    nextJti,
  );
  return tokens;
}
