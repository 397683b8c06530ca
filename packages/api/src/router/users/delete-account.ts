import { procedure } from '../../procedure';
import { usersContract } from '../../contract/users';
import { deleteAccount as removeAccount } from '../../domain/accounts/account-deletion';

export const deleteAccount = procedure(usersContract.deleteAccount).mutation(async ({ ctx, input }) => {
  await removeAccount(ctx, input);
  return { message: 'Account deleted' };
});
