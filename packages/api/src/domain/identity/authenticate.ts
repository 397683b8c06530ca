// Per-request authentication: a valid access token whose auth session is still active, or a live
// API key (`Authorization: Bearer cdk_...` or `X-API-Key: cdk_...`) within what its scope allows.
import { scopeTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import { tenantSpace } from '../../storage/keyspace';
import { assertApiKeyMayCall, authenticateApiKey, type CallDescription } from '../api-keys/api-key-authentication';
import { looksLikeApiKey } from '../api-keys/api-key-secrets';
import { authSessionRepository, isSessionActive } from './auth-session-repository';
import type { AuthIdentity, IdentityDeps } from './identity-context';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface RequestCredentials {
  /** The Authorization header. */
  authorization: string | undefined;
  /** The X-API-Key header. */
  apiKey?: string | undefined;
}

export async function authenticate(
  deps: IdentityDeps,
  credentials: RequestCredentials,
  call?: CallDescription,
): Promise<AuthIdentity> {
  const { authorization, apiKey } = credentials;
  if (apiKey !== undefined) {
    // Two credentials could name two different users; refuse rather than pick one.
    if (authorization !== undefined) throw new AppError('UNAUTHORIZED', 'Send either Authorization or X-API-Key, not both');
    return withinKeyScope(await authenticateApiKey(deps, apiKey.trim()), call);
  }
  const match = authorization === undefined ? null : BEARER.exec(authorization);
  if (!match) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
  const token = match[1]!;
  if (looksLikeApiKey(token)) return withinKeyScope(await authenticateApiKey(deps, token), call);

  const claims = await deps.tokens.verify(token, 'access');
  const session = await deps.store.transact((tx) =>
    authSessionRepository.get(scopeTransaction(tx, tenantSpace(claims.tenant_id)), claims.sid),
  );
  if (!isSessionActive(session, claims.sub, deps.now())) throw new AppError('UNAUTHORIZED', 'The session has ended');
  return {
    userId: claims.sub,
    tenantId: claims.tenant_id,
    email: claims.email,
    role: claims.role,
    credential: { kind: 'session', sid: claims.sid },
  };
}

function withinKeyScope(identity: AuthIdentity, call: CallDescription | undefined): AuthIdentity {
  // Without a call description nothing says the call is a read: treat it as the strictest kind.
  assertApiKeyMayCall(identity, call ?? { type: 'mutation', access: 'session' });
  return identity;
}

/** The auth session behind a session-only call (logout): API keys never reach such procedures. */
export function sessionIdOf(identity: AuthIdentity): string {
  if (identity.credential.kind !== 'session') {
    throw new AppError('FORBIDDEN', 'This operation needs a signed-in user session; API keys cannot call it');
  }
  return identity.credential.sid;
}
