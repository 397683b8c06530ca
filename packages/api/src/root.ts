import { createTRPCRouter } from './trpc';
import { authRouter } from './router/auth';
import { conversationsRouter } from './router/conversations';
import { healthRouter } from './router/health';
import { settingsRouter } from './router/settings';
import { usersRouter } from './router/users';

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  users: usersRouter,
  conversations: conversationsRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
