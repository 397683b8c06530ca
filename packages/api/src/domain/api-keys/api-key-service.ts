// Creating, listing and revoking the caller's own API keys. Keys belong to one user in one tenant;
// another user's key id is indistinguishable from a missing one (and audited as an isolation violation).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { throwNotFound } from '../ownership/isolation-violation';
import type { TenantTransaction } from '../../storage/tenant-scope';
import {
  API_KEY_LIMITS,
  type TApiKey,
  type TCreateApiKeyRequest,
  type TCreatedApiKey,
  type TListApiKeysResponse,
} from '../../contract/api-keys';
import type { CallerContext } from '../identity/identity-context';
import type { ApiKeySecrets } from './api-key-secrets';
import type { PasswordHasher } from '../identity/passwords';
import { authSessionRepository } from '../identity/auth-session-repository';
import { sessionIdOf } from '../identity/sign-in-service';
import { userRepository } from '../identity/user-repository';
import { apiKeyRepository, type ApiKeyRecord } from './api-key-repository';

export interface ApiKeyCaller extends CallerContext {
  deps: { now: () => Date; apiKeys: ApiKeySecrets; passwords: PasswordHasher };
}

export function isExpired(key: Pick<ApiKeyRecord, 'expires_at'>, now: Date): boolean {
  return key.expires_at !== null && Date.parse(key.expires_at) <= now.getTime();
}

function toApiKey(key: ApiKeyRecord, now: Date): TApiKey {
  return {
    key_id: key.key_id,
    name: key.name,
    scope: key.scope,
    prefix: key.prefix,
    status: isExpired(key, now) ? 'expired' : 'active',
    created_at: key.created_at,
    expires_at: key.expires_at,
    last_used_at: key.last_used_at,
  };
}

/**
 * A key is a long-lived credential: making one takes proof that the person is at the keyboard —
 * the current password, or a sign-in within the last few minutes (not a refresh).
 */
async function assertRecentlyProven(ctx: ApiKeyCaller, currentPassword: string | undefined): Promise<void> {
  if (currentPassword !== undefined) {
    const user = await ctx.tenant.transact((tx) => userRepository.get(tx.identity, ctx.auth.userId));
    if (!user || !(await ctx.deps.passwords.verify(user.password_hash, currentPassword))) {
      throw new AppError('INVALID_PASSWORD', 'Current password is incorrect');
    }
    return;
  }
  const session = await ctx.home.transact((tx) => authSessionRepository.get(tx, sessionIdOf(ctx.auth)));
  const signedInAgoMs = session ? ctx.deps.now().getTime() - Date.parse(session.created_at) : Infinity;
  if (signedInAgoMs > API_KEY_LIMITS.recentSignInMinutes * 60_000) {
    throw new AppError(
      'REAUTHENTICATION_REQUIRED',
      `Confirm your current password to create an API key (or sign in again: within ${API_KEY_LIMITS.recentSignInMinutes} minutes of signing in it is not asked)`,
    );
  }
}

export async function createApiKey(ctx: ApiKeyCaller, input: TCreateApiKeyRequest): Promise<TCreatedApiKey> {
  await assertRecentlyProven(ctx, input.current_password);
  const now = ctx.deps.now();
  let expiresAt: string | null = null;
  if (input.expires_at !== undefined) {
    const expiry = new Date(input.expires_at);
    if (expiry.getTime() <= now.getTime()) {
      throw new AppError('VALIDATION_ERROR', 'Invalid input', [{ path: 'expires_at', message: 'Must be in the future' }]);
    }
    expiresAt = expiry.toISOString();
  }
  const { secret, prefix, digest } = ctx.deps.apiKeys.generate();
  const record: ApiKeyRecord = {
    key_id: randomUUID(),
    user_id: ctx.auth.userId,
    name: input.name,
    scope: input.scope,
    prefix,
    digest,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    last_used_at: null,
  };
  await ctx.tenant.transact(async (tenant) => {
    const held = await apiKeyRepository.listForUser(tenant, ctx.auth.userId);
    if (held.length >= API_KEY_LIMITS.perUser) {
      throw new AppError('CONFLICT', `A user can hold at most ${API_KEY_LIMITS.perUser} API keys; revoke one first`);
    }
    apiKeyRepository.insert(tenant, tenant.identity, ctx.tenant.tenantId, record);
    tenant.owners.claim(record.key_id, 'api_key', record.user_id);
  });
  return { ...toApiKey(record, now), secret };
}

/** The keys `owner` holds in the caller's tenant: the caller's own, or (for an Admin) a member's. */
export async function listApiKeys(ctx: CallerContext, owner = ctx.auth.userId): Promise<TListApiKeysResponse> {
  const keys = await ctx.tenant.transact((tx) => apiKeyRepository.listForUser(tx, owner));
  const now = ctx.deps.now();
  const api_keys = keys
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || a.key_id.localeCompare(b.key_id))
    .map((key) => toApiKey(key, now));
  return { api_keys, count: api_keys.length };
}

/** Deletes the key and its locator in one transaction: the next request with it gets 401. */
export async function revokeApiKey(ctx: CallerContext, keyId: string, owner = ctx.auth.userId): Promise<void> {
  await ctx.tenant.transact(async (tenant) => {
    const key = await apiKeyRepository.get(tenant, owner, keyId);
    if (!key) return throwNotFound(tenant, new AppError('NOT_FOUND', `API key not found: ${keyId}`), owner, keyId, 'api_key');
    apiKeyRepository.remove(tenant, tenant.identity, key);
    tenant.owners.release(key.key_id);
  });
}

/** Revokes every key of the user in `tenant` (a password change does, unless told to keep them). */
export async function revokeAllApiKeys(tenant: TenantTransaction, userId: string): Promise<number> {
  const keys = await apiKeyRepository.listForUser(tenant, userId);
  for (const key of keys) {
    apiKeyRepository.remove(tenant, tenant.identity, key);
    tenant.owners.release(key.key_id);
  }
  return keys.length;
}
