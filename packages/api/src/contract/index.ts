// Browser-safe contract: every operation's schemas and REST meta, and the error codes.
// The web app imports from here; nothing in this module graph touches Node or the store.
import { apiKeysContract } from './api-keys';
import { auditContract } from './audit';
import { authContract } from './auth';
import { conversationsContract } from './conversations';
import { filesContract } from './files';
import { healthContract } from './health';
import { llmContract } from './llm';
import { sessionsContract } from './sessions';
import { settingsContract } from './settings';
import { terminalsContract } from './terminals';
import { tasksContract } from './tasks';
import { toolsContract } from './tools';
import { eventsContract } from './events';
import { usersContract } from './users';
import { invitationsContract, membersContract, tenantsContract } from './organisations';

export * from './error-codes';
export * from './operation';
export * from './common';
export * from './health';
export * from './auth';
export { ROLE_RANK, ROLES_BY_RANK, roleAtLeast } from './roles';
export * from './permissions';
export * from './users';
export * from './organisations';
export * from './sessions';
export * from './conversations';
export * from './settings';
export * from './api-keys';
export * from './llm';
export * from './audit';
export * from './files';
export * from './terminals';
export * from './tasks';
export * from './tools';
export * from './events';
export * from './byte-streams';

/** Every operation of the API, by router path (`sessions.get` is apiContract.sessions.get). */
export const apiContract = {
  health: healthContract,
  auth: authContract,
  users: usersContract,
  tenants: tenantsContract,
  members: membersContract,
  invitations: invitationsContract,
  sessions: sessionsContract,
  files: filesContract,
  terminals: terminalsContract,
  tasks: tasksContract,
  tools: toolsContract,
  events: eventsContract,
  conversations: conversationsContract,
  settings: settingsContract,
  apiKeys: apiKeysContract,
  llm: llmContract,
  audit: auditContract,
};
