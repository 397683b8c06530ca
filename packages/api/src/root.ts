import { createTRPCRouter } from './procedure';
import { apiKeysRouter } from './router/api-keys';
import { auditRouter } from './router/audit';
import { authRouter } from './router/auth';
import { conversationsRouter } from './router/conversations';
import { filesRouter } from './router/files';
import { healthRouter } from './router/health';
import { llmRouter } from './router/llm';
import { sessionsRouter } from './router/sessions';
import { settingsRouter } from './router/settings';
import { terminalsRouter } from './router/terminals';
import { tasksRouter } from './router/tasks';
import { toolsRouter } from './router/tools';
import { eventsRouter } from './router/events';
import { usersRouter } from './router/users';
import { tenantsRouter } from './router/tenants';
import { membersRouter } from './router/members';
import { invitationsRouter } from './router/invitations';

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  users: usersRouter,
  tenants: tenantsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  sessions: sessionsRouter,
  files: filesRouter,
  terminals: terminalsRouter,
  tasks: tasksRouter,
  tools: toolsRouter,
  events: eventsRouter,
  conversations: conversationsRouter,
  settings: settingsRouter,
  llm: llmRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
