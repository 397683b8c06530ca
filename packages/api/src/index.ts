export { appRouter, type AppRouter } from './root';
export {
  createCallerFactory,
  createTRPCRouter,
  publicProcedure,
  protectedProcedure,
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
export type { AuthIdentity, AuthCredential } from './domain/identity/identity-context';
export { ApiKeySecrets } from './domain/api-keys/api-key-secrets';
export { createTenantScope, type TenantScope } from './storage/tenant-scope';
export { identitySpace, tenantSpace } from './storage/keyspace';
export { selfTenantId } from './domain/identity/tenant-id';
export { addTenantMember } from './domain/identity/tenant-members';
export { findSessionIndexProblems } from './domain/sessions/session-consistency';
export { checkStoreConsistency, tenantChecks, type ConsistencyReport, type TenantCheck } from './domain/consistency/store-consistency';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './domain/llm/openai-compatible-provider';
export type { LlmProvider } from './domain/llm/llm-provider';
export { appendMessages, prepareMessage } from './domain/conversations/messages';
export type { CallerContext } from './domain/identity/identity-context';
