export { appRouter, type AppRouter } from './root';
export { createCallerFactory, createTRPCRouter, procedure, chainMiddleware } from './procedure';
export {
  createApiDependencies,
  serviceDependencies,
  type ApiContext,
  type ApiDependencies,
  type ApiDependencyParts,
  type ServiceDependencies,
  type DependencyStatus,
  type RequestInfo,
  type CallState,
  type PublicContext,
  type SignedInContext,
} from './context';
export { AppError } from './errors/app-error';
export { errorBody, toAppError, unknownFields } from './errors/error-classification';
export * from './contract/index';
export { TokenService, type TokenClaims } from './domain/identity/tokens';
export { signingKeys, deriveSigningKey, type SigningKeys } from './domain/identity/signing-keys';
export { createPasswordHasher, ARGON2_OPTIONS, type PasswordHasher } from './domain/identity/passwords';
export {
  estimatePasswordStrength,
  inThreadPasswordStrength,
  MIN_PASSWORD_SCORE,
  type PasswordStrength,
  type PasswordStrengthChecker,
} from './domain/identity/password-strength';
export { ensureDemoAccount, DEMO_EMAIL, DEMO_PASSWORD } from './domain/identity/demo-account';
export type { AuthIdentity, AuthCredential } from './domain/identity/identity-context';
export type { AccountMail, MailMessage, OutboxMail, EmailVerificationPolicy } from './domain/identity/account-mail';
export { ApiKeySecrets } from './domain/api-keys/api-key-secrets';
export { createTenantScope, type TenantScope } from './storage/tenant-scope';
export { identitySpace, tenantSpace } from './storage/keyspace';
export { selfTenantId } from './domain/identity/tenant-id';
export { addTenantMember, updateMemberAccess } from './domain/identity/membership-service';
export {
  migrateKeyspace,
  keyspaceVersion,
  CURRENT_KEYSPACE_VERSION,
  type MigrationReport,
} from './migrations/keyspace-migrations';
export { findSessionIndexProblems } from './domain/sessions/session-consistency';
export {
  checkStoreConsistency,
  tenantChecks,
  type ConsistencyReport,
  type TenantCheck,
} from './domain/consistency/store-consistency';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './domain/llm/openai-compatible-provider';
export { ProviderDirectory, type ProviderEndpoint } from './domain/llm/provider-directory';
export { AddressPolicy, parseNetwork } from './domain/llm/address-policy';
export { createGuardedDispatcher } from './domain/llm/guarded-dispatcher';
export { ProviderKeys } from './domain/llm/provider-keys';
export { SealedBox } from './domain/identity/sealed-box';
export { SignInProviders, type SignInProvider } from './domain/sign-in-providers/sign-in-provider';
export { oidcSignIn } from './domain/sign-in-providers/oidc-sign-in';
export { githubSignIn } from './domain/sign-in-providers/github-sign-in';
export type { LlmProvider } from './domain/llm/llm-provider';
export { appendMessages, prepareMessage } from './domain/conversations/message-service';
export type { CallerContext } from './domain/identity/identity-context';
export { AuditWriter, appendAuditEntries, type AuditWriterOptions } from './domain/audit/audit-writer';
export type { AuditTrail, CallObservation } from './domain/audit/audit-observation';
export { auditRefusedRequest } from './middleware/refused-request';
export { verifyAuditChain } from './domain/audit/audit-chain-verifier';
export { entryHash, GENESIS_HASH, auditKeys, type AuditKeys, type AuditKey } from './domain/audit/audit-chain';
export {
  signCheckpoint,
  checkpointIsAuthentic,
  type AuditCheckpoint,
  type AuditCheckpointStore,
  type AuditSeal,
} from './domain/audit/audit-checkpoints';
export { SYSTEM_AUDIT_TENANT } from './domain/audit/audit-repository';
export { redactSecrets, REDACTED } from './domain/audit/audit-redaction';
export type {
  RateLimitCheck,
  RateLimitGate,
  RateLimitPolicy,
  RateLimitVerdict,
  RateLimitWindowStatus,
} from './domain/rate-limits/rate-limit-gate';
export { retryAfterSeconds } from './domain/rate-limits/rate-limit-gate';
export { RateLimitExceededError } from './domain/rate-limits/rate-limit-exceeded';
export type { Workspaces } from './domain/files/workspaces';
export { findOrphanWorkspaces, sweepOrphanWorkspaces, ORPHAN_GRACE_MS } from './domain/files/orphan-workspaces';
export type { SessionTerminals } from './domain/terminals/session-terminals';
export { terminalView } from './domain/terminals/terminal-service';
export { TaskRunner, newRunnerId } from './domain/tasks/task-runner';
export { SearchPurger, type SearchPurgerOptions } from './domain/conversations/search-purger';
export type { TaskLimits } from './domain/tasks/task-runs';
export type { TaskCommands } from './domain/tasks/tools/command-tool';
export type { TokenBudgets } from './domain/usage/token-budget';
export type { ChatLimits } from './domain/llm/chat-service';
export type { LiveEvent, LiveEvents } from './domain/events/live-events';
