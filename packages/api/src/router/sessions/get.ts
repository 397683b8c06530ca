import { protectedProcedure } from '../../trpc';
import { getSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const get = protectedProcedure
  .meta(sessionsContract.get.meta)
  .input(sessionsContract.get.input)
  .output(sessionsContract.get.output)
  .query(({ ctx, input }) => getSession(ctx, input.session_id));
