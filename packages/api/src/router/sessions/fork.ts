import { protectedProcedure } from '../../trpc';
import { forkSession } from '../../domain/sessions/session-service';
import { sessionsContract } from './sessions.types';

export const fork = protectedProcedure
  .meta(sessionsContract.fork.meta)
  .input(sessionsContract.fork.input)
  .output(sessionsContract.fork.output)
  .mutation(({ ctx, input }) => forkSession(ctx, input));
