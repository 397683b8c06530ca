// Per-request authentication: a valid access token whose auth session is still active.
import { scopeTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import { tenantSpace } from '../../storage/keyspace';
import { authSessionRepository, isSessionActive } from './auth-session-repository';
import type { AuthIdentity, IdentityDeps } from './identity-context';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export async function authenticate(deps: IdentityDeps, authorization: string | undefined): Promise<AuthIdentity> {
  const match = authorization === undefined ? null : BEARER.exec(authorization);
  if (!match) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
  const claims = await deps.tokens.verify(match[1]!, 'access');
  const session = await deps.store.transact((tx) =>
    authSessionRepository.get(scopeTransaction(tx, tenantSpace(claims.tenant_id)), claims.sid),
  );
  if (!isSessionActive(session, claims.sub, deps.now())) throw new AppError('UNAUTHORIZED', 'The session has ended');
  return { userId: claims.sub, tenantId: claims.tenant_id, email: claims.email, role: claims.role, sid: claims.sid };
}
