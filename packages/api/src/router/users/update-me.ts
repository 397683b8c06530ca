import { procedure } from '../../procedure';
import { updateProfile } from '../../domain/identity/profile-service';
import { usersContract } from '../../contract/users';

export const updateMe = procedure(usersContract.updateMe).mutation(({ ctx, input }) => updateProfile(ctx, input));
