import { protectedProcedure } from '../../trpc';
import { forkSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const fork = protectedProcedure
  .meta(sessionsContract.fork.meta)
  .input(sessionsContract.fork.input)
  .output(sessionsContract.fork.output)
  .mutation(({ ctx, input }) => forkSession(ctx, input));
