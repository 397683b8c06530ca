import { protectedProcedure } from '../../trpc';
import { deleteSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

// `delete` is a reserved word; the router key is still `sessions.delete`.
export const remove = protectedProcedure
  .meta(sessionsContract.delete.meta)
  .input(sessionsContract.delete.input)
  .output(sessionsContract.delete.output)
  .mutation(async ({ ctx, input }) => {
    await deleteSession(ctx, input.session_id);
    return { message: 'Session deleted successfully' };
  });
