import { procedure } from '../../procedure';
import { relatedSessions } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const related = procedure(sessionsContract.related).query(({ ctx, input }) => relatedSessions(ctx, input));
