import { procedure } from '../../procedure';
import { usersContract } from '../../contract/users';
import { exportAccount } from '../../domain/accounts/account-export';

export const exportData = procedure(usersContract.exportData).query(({ ctx }) => exportAccount(ctx));
