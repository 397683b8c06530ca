// What identity services need from the process, and who is calling.
import type { KvStore } from '@coditect/store';
import type { TRole } from '../../router/auth/auth.types';
import type { PasswordHasher } from './passwords';
import type { TokenService } from './tokens';
import type { TenantScope } from '../../storage/tenant-scope';

export interface IdentityDeps {
  store: KvStore;
  tokens: TokenService;
  passwords: PasswordHasher;
  now: () => Date;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

/** A verified caller: who, in which tenant, through which auth session. */
export interface AuthIdentity {
  userId: string;
  tenantId: string;
  email: string;
  role: TRole;
  sid: string;
}

/** What a tenant-scoped service needs from an authenticated call (a protected procedure's ctx). */
export interface CallerContext {
  auth: AuthIdentity;
  tenant: TenantScope;
  deps: { now: () => Date };
}
