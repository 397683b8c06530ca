import { createTRPCRouter } from './trpc';
import { auditRouter } from './router/audit';
import { authRouter } from './router/auth';
import { healthRouter } from './router/health';
import { usersRouter } from './router/users';

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
