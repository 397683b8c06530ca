import { procedure } from '../../procedure';
import { forkSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const fork = procedure(sessionsContract.fork).mutation(({ ctx, input }) => forkSession(ctx, input));
