import { publicProcedure } from '../../trpc';
import { login as signIn } from '../../domain/identity/sign-in';
import { authContract } from '../../contract/auth';

export const login = publicProcedure
  .meta(authContract.login.meta)
  .input(authContract.login.input)
  .output(authContract.login.output)
  .mutation(({ ctx, input }) => signIn(ctx.deps, input, ctx.request));
