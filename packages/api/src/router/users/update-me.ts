import { protectedProcedure } from '../../trpc';
import { updateProfile } from '../../domain/identity/profile';
import { usersContract } from '../../contract/users';

export const updateMe = protectedProcedure
  .meta(usersContract.updateMe.meta)
  .input(usersContract.updateMe.input)
  .output(usersContract.updateMe.output)
  .mutation(({ ctx, input }) => updateProfile(ctx.deps, ctx.auth, input));
