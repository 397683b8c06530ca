// What identity services need from the process, and who is calling.
import type { KvStore } from '@coditect/store';
import type { TRole } from '../../router/auth/auth.types';
import type { PasswordHasher } from './passwords';
import type { TokenService } from './tokens';

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
