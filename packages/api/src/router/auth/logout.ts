import { procedure } from '../../procedure';
import { logout as signOut } from '../../domain/identity/sign-in-service';
import { authContract } from '../../contract/auth';

export const logout = procedure(authContract.logout).mutation(async ({ ctx }) => {
  await signOut(ctx);
  return { message: 'Logged out successfully' };
});
