import { procedure } from '../../procedure';
import { updateSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const update = procedure(sessionsContract.update).mutation(({ ctx, input }) => updateSession(ctx, input));
