import { createTRPCRouter } from './trpc';
import { authRouter } from './router/auth';
import { healthRouter } from './router/health';
import { usersRouter } from './router/users';

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
