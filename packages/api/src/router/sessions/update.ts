import { protectedProcedure } from '../../trpc';
import { updateSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const update = protectedProcedure
  .meta(sessionsContract.update.meta)
  .input(sessionsContract.update.input)
  .output(sessionsContract.update.output)
  .mutation(({ ctx, input }) => updateSession(ctx, input));
