import { createTRPCRouter } from './trpc';
import { apiKeysRouter } from './router/api-keys';
import { authRouter } from './router/auth';
import { healthRouter } from './router/health';
import { sessionsRouter } from './router/sessions';
import { usersRouter } from './router/users';

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  users: usersRouter,
  sessions: sessionsRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
