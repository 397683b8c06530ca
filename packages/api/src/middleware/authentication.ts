// Per-request authentication: a valid access token whose auth session is still active, or a live
// API key (`Authorization: Bearer cdk_...` or `X-API-Key: cdk_...`) within what its scope allows.
import { AppError } from '../errors/app-error';
import type { IdentityScope } from '../storage/identity-scope';
import { assertApiKeyMayCall, authenticateApiKey, type CallDescription } from '../domain/api-keys/api-key-authentication';
import { looksLikeApiKey } from '../domain/api-keys/api-key-secrets';
import { authSessionRepository, isSessionActive } from '../domain/identity/auth-session-repository';
import type { AuthIdentity, IdentityDeps } from '../domain/identity/identity-context';
import { userRepository } from '../domain/identity/user-repository';
import { membershipRepository, type MembershipRecord } from '../domain/identity/membership-repository';
import { homeTenantOf } from '../domain/identity/tokens';
import type { AuditTrail } from '../domain/audit/audit-observation';
import { redeemStreamTicket, type RedeemedTicket } from '../domain/identity/stream-tickets';
import type { ScopedTransaction } from '@coditect/store';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface RequestCredentials {
  /** The Authorization header. */
  authorization: string | undefined;
  /** The X-API-Key header. */
  apiKey?: string | undefined;
  /** A subscription's `connectionParams.ticket` (see stream-tickets). */
  streamTicket?: string | undefined;
  /** The URL carried an access token (`connectionParams.token`): refused, with how to do it instead. */
  tokenInUrl?: boolean;
}

export interface AuthenticationDeps extends IdentityDeps {
  identity: IdentityScope;
}

export async function authenticate(
  deps: AuthenticationDeps,
  credentials: RequestCredentials,
  call?: CallDescription,
): Promise<AuthIdentity> {
  const { authorization, apiKey } = credentials;
  const keyContext = { deps, identity: deps.identity };
  // Generated clients given one credential send it in both headers for operations that accept
  // either: the same value twice is one credential (a key, or an access token in the wrong header).
  const sameInBoth = apiKey !== undefined && authorization !== undefined && BEARER.exec(authorization)?.[1] === apiKey.trim();
  if (apiKey !== undefined && !(sameInBoth && !looksLikeApiKey(apiKey.trim()))) {
    // Two credentials could name two different users; refuse rather than pick one.
    if (authorization !== undefined && !sameInBoth) {
      throw new AppError('UNAUTHORIZED', 'Send either Authorization or X-API-Key, not both (or the same credential in both)');
    }
    return withinKeyScope(await authenticateApiKey(keyContext, apiKey.trim()), call);
  }
  if (authorization === undefined && credentials.streamTicket !== undefined) {
    return authenticateStreamTicket(deps, credentials.streamTicket, call);
  }
  if (authorization === undefined && credentials.tokenInUrl) {
    throw new AppError(
      'UNAUTHORIZED',
      'Access tokens are not accepted in URLs (proxies log them): POST /auth/stream-ticket and send the ticket as connectionParams.ticket',
    );
  }
  const match = authorization === undefined ? null : BEARER.exec(authorization);
  if (!match) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
  const token = match[1]!;
  if (looksLikeApiKey(token)) return withinKeyScope(await authenticateApiKey(keyContext, token), call);

  const claims = await deps.tokens.verify(token, 'access');
  const claimed = { userId: claims.sub, tenantId: claims.tenant_id, homeTenantId: homeTenantOf(claims), sid: claims.sid };
  return deps.identity.transact((tx) => sessionCaller(deps, claimed, tx.tenant(claimed.homeTenantId), tx.identity, call));
}

/**
 * The session, the user's current state and their membership of the tenant the call acts in,
 * read together: a logout, a password change, a disabled account, a new role or a removal applies
 * at the next request, whatever the token says.
 */
async function sessionCaller(
  deps: AuthenticationDeps,
  claimed: RedeemedTicket,
  home: ScopedTransaction,
  identity: ScopedTransaction,
  call: CallDescription | undefined,
): Promise<AuthIdentity> {
  const [session, user, membership] = await Promise.all([
    authSessionRepository.get(home, claimed.sid),
    userRepository.accessState(identity, claimed.userId),
    membershipRepository.get(identity, claimed.userId, claimed.tenantId),
  ]);
  if (!isSessionActive(session, claimed.userId, deps.now())) throw new AppError('UNAUTHORIZED', 'The session has ended');
  if (!user || user.tenant_id !== claimed.homeTenantId) throw new AppError('UNAUTHORIZED', 'The account no longer exists here');
  if (!user.is_active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
  let tenantId = claimed.tenantId;
  let role = membership?.role;
  if (!membership || membership.disabled) {
    // Choosing another tenant (or listing them) still works: it acts from the user's own.
    if (!call?.acrossTenants || claimed.tenantId === claimed.homeTenantId) throw membershipEnded(membership);
    const own = await membershipRepository.get(identity, claimed.userId, claimed.homeTenantId);
    if (!own) throw membershipEnded(own);
    tenantId = claimed.homeTenantId;
    role = own.role;
  }
  return {
    userId: claimed.userId,
    tenantId,
    homeTenantId: claimed.homeTenantId,
    email: user.email,
    role: role!,
    emailVerified: user.email_verified === true,
    credential: { kind: 'session', sid: claimed.sid },
  };
}

function membershipEnded(membership: MembershipRecord | undefined): AppError {
  return new AppError(
    'MEMBERSHIP_ENDED',
    membership?.disabled
      ? 'Your access to this organisation has been disabled by an Admin'
      : 'You are no longer a member of this organisation',
  );
}

/** A ticket opens one subscription; anything else must send its credential in a header. */
function authenticateStreamTicket(
  deps: AuthenticationDeps,
  ticket: string,
  call: CallDescription | undefined,
): Promise<AuthIdentity> {
  if (call?.type !== 'subscription') {
    return Promise.reject(new AppError('UNAUTHORIZED', 'A stream ticket authenticates a subscription only'));
  }
  return redeemStreamTicket(deps.identity, ticket, deps.now(), (redeemed, tx) =>
    sessionCaller(deps, redeemed, tx.home, tx.identity, call),
  );
}

function withinKeyScope(identity: AuthIdentity, call: CallDescription | undefined): AuthIdentity {
  // Without a call description nothing says the call is a read: treat it as the strictest kind.
  assertApiKeyMayCall(identity, call ?? { type: 'mutation', access: 'session' });
  return identity;
}

const REJECTION_CODES: ReadonlySet<string> = new Set(['UNAUTHORIZED', 'TOKEN_EXPIRED', 'ACCOUNT_DISABLED', 'MEMBERSHIP_ENDED']);

/**
 * Tells the audit trail about a credential that was presented and refused (a missing one is not a
 * rejection). It is tallied there, per address and reason, not recorded request by request.
 */
export function noteRejectedCredential(
  audit: AuditTrail,
  request: RequestCredentials & { ip: string },
  error: unknown,
  now: () => Date,
): void {
  if (!(error instanceof AppError) || !REJECTION_CODES.has(error.code)) return;
  const bearer = request.authorization === undefined ? undefined : BEARER.exec(request.authorization)?.[1];
  const ticket = request.apiKey === undefined && bearer === undefined ? request.streamTicket : undefined;
  if (request.apiKey === undefined && bearer === undefined && ticket === undefined) return;
  const credential =
    ticket !== undefined
      ? 'stream_ticket'
      : request.apiKey !== undefined || (bearer !== undefined && looksLikeApiKey(bearer))
        ? 'api_key'
        : 'token';
  audit.recordRejectedCredential({ ip: request.ip, reason: error.code, credential, atMs: now().getTime() });
}
