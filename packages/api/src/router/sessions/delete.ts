import { procedure } from '../../procedure';
import { deleteSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

// `delete` is a reserved word; the router key is still `sessions.delete`.
export const remove = procedure(sessionsContract.delete).mutation(async ({ ctx, input }) => {
  await deleteSession(ctx, input.session_id);
  return { message: 'Session deleted successfully' };
});
