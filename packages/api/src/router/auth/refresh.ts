import { publicProcedure } from '../../trpc';
import { refresh as rotate } from '../../domain/identity/sign-in';
import { authContract } from '../../contract/auth';

export const refresh = publicProcedure
  .meta(authContract.refresh.meta)
  .input(authContract.refresh.input)
  .output(authContract.refresh.output)
  .mutation(({ ctx, input }) => rotate(ctx.deps, input.refresh_token));
