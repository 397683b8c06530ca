import { procedure } from '../../procedure';
import { getSession } from '../../domain/sessions/session-service';
import { withRunningTerminals } from '../../domain/terminals/session-terminal-state';
import { sessionsContract } from '../../contract/sessions';

export const get = procedure(sessionsContract.get).query(async ({ ctx, input }) =>
  withRunningTerminals(ctx, await getSession(ctx, input.session_id)),
);
