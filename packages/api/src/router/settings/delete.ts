import { procedure } from '../../procedure';
import { deleteSetting as removeSetting } from '../../domain/settings/setting-service';
import { settingsContract } from '../../contract/settings';

export const deleteSetting = procedure(settingsContract.delete).mutation(async ({ ctx, input }) => {
  await removeSetting(ctx, input);
  return { message: 'Setting deleted successfully' };
});
