import { protectedProcedure } from '../../trpc';
import { relatedSessions } from '../../domain/sessions/session-service';
import { sessionsContract } from './sessions.types';

export const related = protectedProcedure
  .meta(sessionsContract.related.meta)
  .input(sessionsContract.related.input)
  .output(sessionsContract.related.output)
  .query(({ ctx, input }) => relatedSessions(ctx, input));
