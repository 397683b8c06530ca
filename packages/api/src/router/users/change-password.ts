import { protectedProcedure } from '../../trpc';
import { changePassword as replacePassword } from '../../domain/identity/profile';
import { usersContract } from '../../contract/users';

export const changePassword = protectedProcedure
  .meta(usersContract.changePassword.meta)
  .input(usersContract.changePassword.input)
  .output(usersContract.changePassword.output)
  .mutation(async ({ ctx, input }) => {
    await replacePassword(ctx.deps, ctx.auth, input);
    return { message: 'Password changed successfully' };
  });
