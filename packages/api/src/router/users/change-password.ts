import { procedure } from '../../procedure';
import { changePassword as replacePassword } from '../../domain/identity/profile-service';
import { usersContract } from '../../contract/users';

export const changePassword = procedure(usersContract.changePassword).mutation(async ({ ctx, input }) => {
  await replacePassword(ctx, input);
  return { message: 'Password changed successfully' };
});
