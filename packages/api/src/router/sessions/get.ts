import { procedure } from '../../procedure';
import { getSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const get = procedure(sessionsContract.get).query(({ ctx, input }) => getSession(ctx, input.session_id));
