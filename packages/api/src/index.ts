export { appRouter, type AppRouter } from './root';
export {
  createCallerFactory,
  createTRPCRouter,
  publicProcedure,
  protectedProcedure,
  adminProcedure,
  type ApiContext,
  type ApiDependencies,
  type DependencyStatus,
  type RequestInfo,
} from './trpc';
export { AppError } from './errors/app-error';
export { errorBody, toAppError } from './errors/error-classification';
export * from './contract';
export { TokenService, type TokenClaims } from './domain/identity/tokens';
export { createPasswordHasher, ARGON2_OPTIONS, type PasswordHasher } from './domain/identity/passwords';
export { ensureDemoAccount, DEMO_EMAIL, DEMO_PASSWORD } from './domain/identity/demo-account';
export type { AuthIdentity } from './domain/identity/identity-context';
export { createTenantScope, type TenantScope } from './storage/tenant-scope';
export { identitySpace, tenantSpace } from './storage/keyspace';
export { selfTenantId } from './domain/identity/tenant-id';
export { AuditWriter, appendAuditEntries, type AuditWriterOptions } from './domain/audit/audit-writer';
export type { AuditTrail, CallObservation } from './domain/audit/call-observation';
export { verifyAuditChain } from './domain/audit/audit-chain-verifier';
export { entryHash, GENESIS_HASH } from './domain/audit/audit-chain';
export { SYSTEM_AUDIT_TENANT } from './domain/audit/audit-repository';
export { redactSecrets, REDACTED } from './domain/audit/audit-redaction';
export type {
  RateLimitCheck,
  RateLimitGate,
  RateLimitPolicy,
  RateLimitVerdict,
  RateLimitWindowStatus,
} from './rate-limiting/rate-limit-gate';
export { retryAfterSeconds } from './rate-limiting/rate-limit-gate';
export { RateLimitExceededError } from './rate-limiting/rate-limit-exceeded';
