import { protectedProcedure } from '../../trpc';
import { listSessions } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const list = protectedProcedure
  .meta(sessionsContract.list.meta)
  .input(sessionsContract.list.input)
  .output(sessionsContract.list.output)
  .query(({ ctx, input }) => listSessions(ctx, input));
