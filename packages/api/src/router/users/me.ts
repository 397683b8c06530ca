import { procedure } from '../../procedure';
import { getProfile } from '../../domain/identity/profile-service';
import { usersContract } from '../../contract/users';

export const me = procedure(usersContract.me).query(({ ctx }) => getProfile(ctx));
