import { procedure } from '../../procedure';
import { listSessions } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const list = procedure(sessionsContract.list).query(({ ctx, input }) => listSessions(ctx, input));
