// What identity services need from the process, and who is calling.
import type { TApiKeyScope } from '../../contract/api-keys';
import type { TRole } from '../../contract/auth';
import type { IdentityScope } from '../../storage/identity-scope';
import type { TenantScope } from '../../storage/tenant-scope';
import type { ApiKeySecrets } from '../api-keys/api-key-secrets';
import type { PasswordHasher } from './passwords';
import type { PasswordStrengthChecker } from './password-strength';
import type { TokenService } from './tokens';
import type { AccountMail } from './account-mail';
import type { SealedBox } from './sealed-box';

export interface IdentityDeps {
  tokens: TokenService;
  passwords: PasswordHasher;
  passwordStrength: PasswordStrengthChecker;
  apiKeys: ApiKeySecrets;
  /** Verification and password-reset mails, and what an unverified account may do. */
  accountMail: AccountMail;
  /** Seals two-factor seeds at rest. */
  twoFactorSeeds: SealedBox;
  now: () => Date;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

/** How a caller proved who they are: an access token of an auth session, or an API key. */
export type AuthCredential = { kind: 'session'; sid: string } | { kind: 'api_key'; keyId: string; scope: TApiKeyScope };

/** A verified caller: who, in which tenant, with which credential. */
export interface AuthIdentity {
  userId: string;
  /** The tenant the call acts in (the token's active tenant, or the API key's). */
  tenantId: string;
  /** The user's self-tenant: where their auth sessions live. */
  homeTenantId: string;
  email: string;
  /** The caller's role in `tenantId` (their membership's, read at this call). */
  role: TRole;
  /** Whether the user proved they read mail at their address (EMAIL_VERIFICATION=required checks it). */
  emailVerified: boolean;
  credential: AuthCredential;
}

/** An anonymous call's view (register, sign-in, refresh): identity work before a tenant is known. */
export interface AnonymousContext {
  deps: IdentityDeps;
  identity: IdentityScope;
  request: ClientInfo;
}

/** What a tenant-scoped service needs from an authenticated call (a protected procedure's ctx). */
export interface CallerContext {
  auth: AuthIdentity;
  tenant: TenantScope;
  /** The caller's self-tenant, where their auth sessions live (the same handle as `tenant` there). */
  home: TenantScope;
  /** A handle to any tenant the caller is a member of (checked in each of its transactions). */
  tenantOf: (tenantId: string) => TenantScope;
  deps: { now: () => Date };
}
