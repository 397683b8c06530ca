// Browser-safe contract: every operation's schemas and REST meta, and the error codes.
// The web app imports from here; nothing in this module graph touches Node or the store.
import { apiKeysContract } from './router/api-keys/api-keys.types';
import { auditContract } from './router/audit/audit.types';
import { authContract } from './router/auth/auth.types';
import { conversationsContract } from './router/conversations/conversations.types';
import { healthContract } from './router/health/health.types';
import { llmContract } from './router/llm/llm.types';
import { sessionsContract } from './router/sessions/sessions.types';
import { settingsContract } from './router/settings/settings.types';
import { usersContract } from './router/users/users.types';

export * from './errors/error-codes';
export * from './router/operation';
export * from './router/common.types';
export * from './router/health/health.types';
export * from './router/auth/auth.types';
export * from './router/users/users.types';
export * from './router/sessions/sessions.types';
export * from './router/conversations/conversations.types';
export * from './router/settings/settings.types';
export * from './router/api-keys/api-keys.types';
export * from './router/llm/llm.types';
export * from './router/audit/audit.types';

/** Every operation of the API, by router path (`sessions.get` is apiContract.sessions.get). */
export const apiContract = {
  health: healthContract,
  auth: authContract,
  users: usersContract,
  sessions: sessionsContract,
  conversations: conversationsContract,
  settings: settingsContract,
  apiKeys: apiKeysContract,
  llm: llmContract,
  audit: auditContract,
};
