import { procedure } from '../../procedure';
import { refresh as rotate } from '../../domain/identity/sign-in-service';
import { authContract } from '../../contract/auth';

export const refresh = procedure(authContract.refresh).mutation(({ ctx, input }) => rotate(ctx, input));
