import { protectedProcedure } from '../../trpc';
import { relatedSessions } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const related = protectedProcedure
  .meta(sessionsContract.related.meta)
  .input(sessionsContract.related.input)
  .output(sessionsContract.related.output)
  .query(({ ctx, input }) => relatedSessions(ctx, input));
