import { publicProcedure } from '../../trpc';
import { registerUser } from '../../domain/identity/registration';
import { authContract } from '../../contract/auth';

export const register = publicProcedure
  .meta(authContract.register.meta)
  .input(authContract.register.input)
  .output(authContract.register.output)
  .mutation(({ ctx, input }) => registerUser(ctx.deps, input, ctx.request));
