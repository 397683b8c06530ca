import { protectedProcedure } from '../../trpc';
import { getProfile } from '../../domain/identity/profile';
import { usersContract } from '../../contract/users';

export const me = protectedProcedure
  .meta(usersContract.me.meta)
  .output(usersContract.me.output)
  .query(({ ctx }) => getProfile(ctx.deps, ctx.auth));
