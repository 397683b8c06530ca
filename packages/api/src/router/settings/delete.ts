import { protectedProcedure } from '../../trpc';
import { deleteSetting as removeSetting } from '../../domain/settings/user-settings';
import { settingsContract } from '../../contract/settings';

export const deleteSetting = protectedProcedure
  .meta(settingsContract.delete.meta)
  .input(settingsContract.delete.input)
  .output(settingsContract.delete.output)
  .mutation(async ({ ctx, input }) => {
    await removeSetting(ctx, input);
    return { message: 'Setting deleted successfully' };
  });
