// What identity services need from the process, and who is calling.
import type { KvStore } from '@coditect/store';
import type { TRole } from '../../contract/auth';
import type { TApiKeyScope } from '../../contract/api-keys';
import type { ApiKeySecrets } from '../api-keys/api-key-secrets';
import type { PasswordHasher } from './passwords';
import type { TokenService } from './tokens';
import type { TenantScope } from '../../storage/tenant-scope';

export interface IdentityDeps {
  store: KvStore;
  tokens: TokenService;
  passwords: PasswordHasher;
  apiKeys: ApiKeySecrets;
  now: () => Date;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

/** How a caller proved who they are: an access token of an auth session, or an API key. */
export type AuthCredential =
  | { kind: 'session'; sid: string }
  | { kind: 'api_key'; keyId: string; scope: TApiKeyScope };

/** A verified caller: who, in which tenant, with which credential. */
export interface AuthIdentity {
  userId: string;
  tenantId: string;
  email: string;
  role: TRole;
  credential: AuthCredential;
}

/** What a tenant-scoped service needs from an authenticated call (a protected procedure's ctx). */
export interface CallerContext {
  auth: AuthIdentity;
  tenant: TenantScope;
  deps: { now: () => Date };
}
