// API keys: the record in its owner's tenant space, and a global digest → owner locator so that a
// request carrying only the key finds it with one read.
//   tenant:   ['api_key', user_id, key_id]   → ApiKeyRecord
//   identity: ['api_key_digest', digest]     → ApiKeyLocator
import type { ScopedTransaction } from '@coditect/store';
import type { TApiKeyScope } from '../../contract/api-keys';

export interface ApiKeyRecord {
  key_id: string;
  user_id: string;
  name: string;
  scope: TApiKeyScope;
  prefix: string;
  digest: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface ApiKeyLocator {
  tenant_id: string;
  user_id: string;
  key_id: string;
}

const RECORD = 'api_key';
const BY_DIGEST = 'api_key_digest';

export const apiKeyRepository = {
  get(tenant: ScopedTransaction, userId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    return tenant.get<ApiKeyRecord>([RECORD, userId, keyId]);
  },

  async listForUser(tenant: ScopedTransaction, userId: string): Promise<ApiKeyRecord[]> {
    return (await tenant.getRange<ApiKeyRecord>([RECORD, userId])).map((entry) => entry.value);
  },

  insert(tenant: ScopedTransaction, identity: ScopedTransaction, tenantId: string, key: ApiKeyRecord): void {
    tenant.set([RECORD, key.user_id, key.key_id], key);
    identity.set([BY_DIGEST, key.digest], {
      tenant_id: tenantId,
      user_id: key.user_id,
      key_id: key.key_id,
    } satisfies ApiKeyLocator);
  },

  /** Rewrites the record only (same digest). */
  update(tenant: ScopedTransaction, key: ApiKeyRecord): void {
    tenant.set([RECORD, key.user_id, key.key_id], key);
  },

  /** The same key under a new digest (an older release's digest, upgraded at first use). */
  replaceDigest(
    tenant: ScopedTransaction,
    identity: ScopedTransaction,
    tenantId: string,
    old: ApiKeyRecord,
    key: ApiKeyRecord,
  ): void {
    identity.clear([BY_DIGEST, old.digest]);
    this.insert(tenant, identity, tenantId, key);
  },

  remove(tenant: ScopedTransaction, identity: ScopedTransaction, key: ApiKeyRecord): void {
    tenant.clear([RECORD, key.user_id, key.key_id]);
    identity.clear([BY_DIGEST, key.digest]);
  },

  locate(identity: ScopedTransaction, digest: string): Promise<ApiKeyLocator | undefined> {
    return identity.get<ApiKeyLocator>([BY_DIGEST, digest]);
  },
};
