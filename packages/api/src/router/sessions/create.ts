import { protectedProcedure } from '../../trpc';
import { createSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const create = protectedProcedure
  .meta(sessionsContract.create.meta)
  .input(sessionsContract.create.input)
  .output(sessionsContract.create.output)
  .mutation(({ ctx, input }) => createSession(ctx, input));
