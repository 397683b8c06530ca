// A request carrying an API key: find the key by its digest, check it is live and its owner still
// active, and act as that owner in the owner's tenant. What the key may call is decided per call.
import { AppError } from '../../errors/app-error';
import type { Access } from '../../contract/operation';
import type { IdentityScope } from '../../storage/identity-scope';
import type { AuthIdentity, IdentityDeps } from '../identity/identity-context';
import { userRepository } from '../identity/user-repository';
import { membershipRepository } from '../identity/membership-repository';
import { apiKeyRepository } from './api-key-repository';
import { isExpired } from './api-key-service';

/** `last_used_at` is rewritten at most this often, so using a key stays (almost always) a read. */
export const LAST_USED_INTERVAL_MS = 60_000;

function invalidKey(): AppError {
  return new AppError('UNAUTHORIZED', 'Invalid or revoked API key');
}

export async function authenticateApiKey(
  ctx: { deps: Pick<IdentityDeps, 'apiKeys' | 'now'>; identity: IdentityScope },
  candidate: string,
): Promise<AuthIdentity> {
  const digest = ctx.deps.apiKeys.digestOf(candidate);
  if (digest === undefined) throw invalidKey();
  const now = ctx.deps.now();
  return ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    let storedDigest = digest;
    let locator = await apiKeyRepository.locate(identity, digest);
    // A key from before digests were plain SHA-256: found under its old digest, upgraded below.
    for (const legacy of locator ? [] : ctx.deps.apiKeys.legacyDigestsOf(candidate)) {
      locator = await apiKeyRepository.locate(identity, legacy);
      if (locator) {
        storedDigest = legacy;
        break;
      }
    }
    if (!locator) throw invalidKey();
    const tenant = tx.tenant(locator.tenant_id);
    const [stored, user, membership] = await Promise.all([
      apiKeyRepository.get(tenant, locator.user_id, locator.key_id),
      userRepository.get(identity, locator.user_id),
      membershipRepository.get(identity, locator.user_id, locator.tenant_id),
    ]);
    // A key acts in the tenant it was made in, and only while its owner still belongs there.
    if (!stored || stored.digest !== storedDigest || !user || !membership) throw invalidKey();
    let key = stored;
    if (storedDigest !== digest) {
      key = { ...stored, digest };
      apiKeyRepository.replaceDigest(tenant, identity, locator.tenant_id, stored, key);
    }
    if (isExpired(key, now)) throw new AppError('TOKEN_EXPIRED', 'The API key has expired');
    if (!user.is_active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
    if (membership.disabled) {
      throw new AppError('MEMBERSHIP_ENDED', "This key's owner has been disabled in this organisation by an Admin");
    }
    if (key.last_used_at === null || now.getTime() - Date.parse(key.last_used_at) >= LAST_USED_INTERVAL_MS) {
      apiKeyRepository.update(tenant, { ...key, last_used_at: now.toISOString() });
    }
    return {
      userId: user.user_id,
      tenantId: locator.tenant_id,
      homeTenantId: user.tenant_id,
      email: user.email,
      role: membership.role,
      emailVerified: user.email_verified,
      credential: { kind: 'api_key', keyId: key.key_id, scope: key.scope },
    };
  });
}

export interface CallDescription {
  /** The procedure's type: a `read` key may run queries only. */
  type: 'query' | 'mutation' | 'subscription';
  access: Access | undefined;
  /** The operation concerns the user's tenants, not the one the call acts in (meta `acrossTenants`). */
  acrossTenants?: boolean;
}

/**
 * What an API key may not do: anything that needs a user session (key management, logout,
 * password change), and — for a `read` key — anything but a query. Subscriptions count as writes
 * because a streaming procedure may record what it streams.
 */
export function assertApiKeyMayCall(identity: AuthIdentity, call: CallDescription): void {
  const { credential } = identity;
  if (credential.kind !== 'api_key') return;
  if (call.access === 'session') {
    throw new AppError('FORBIDDEN', 'This operation needs a signed-in user session; API keys cannot call it');
  }
  if (credential.scope === 'read' && call.type !== 'query') {
    throw new AppError('FORBIDDEN', 'This API key is read-only (scope "read"); this operation changes data');
  }
}
