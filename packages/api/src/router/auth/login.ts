import { procedure } from '../../procedure';
import { login as signIn } from '../../domain/identity/sign-in-service';
import { authContract } from '../../contract/auth';

export const login = procedure(authContract.login).mutation(({ ctx, input }) => signIn(ctx, input));
