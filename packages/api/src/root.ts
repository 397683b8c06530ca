import { createTRPCRouter } from './trpc';
import { healthRouter } from './router/health';

export const appRouter = createTRPCRouter({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
