import { procedure } from '../../procedure';
import { sessionsContract } from '../../contract/sessions';
import { listSharedSessions, shareSession } from '../../domain/sessions/session-sharing-service';

export const share = procedure(sessionsContract.share).mutation(({ ctx, input }) =>
  shareSession(ctx, input.session_id, input.sharing),
);

export const shared = procedure(sessionsContract.shared).query(({ ctx }) => listSharedSessions(ctx));
