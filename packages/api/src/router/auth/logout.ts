import { protectedProcedure } from '../../trpc';
import { logout as signOut } from '../../domain/identity/sign-in';
import { authContract } from '../../contract/auth';

export const logout = protectedProcedure
  .meta(authContract.logout.meta)
  .output(authContract.logout.output)
  .mutation(async ({ ctx }) => {
    await signOut(ctx.deps, ctx.auth);
    return { message: 'Logged out successfully' };
  });
