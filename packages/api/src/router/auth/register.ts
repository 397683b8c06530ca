import { procedure } from '../../procedure';
import { registerUser } from '../../domain/identity/registration-service';
import { authContract } from '../../contract/auth';

export const register = procedure(authContract.register).mutation(({ ctx, input }) => registerUser(ctx, input));
