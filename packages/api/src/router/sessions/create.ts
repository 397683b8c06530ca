import { procedure } from '../../procedure';
import { createSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const create = procedure(sessionsContract.create).mutation(({ ctx, input }) => createSession(ctx, input));
