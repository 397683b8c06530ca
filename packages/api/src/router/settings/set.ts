import { protectedProcedure } from '../../trpc';
import { setSetting } from '../../domain/settings/user-settings';
import { settingsContract } from '../../contract/settings';

export const set = protectedProcedure
  .meta(settingsContract.set.meta)
  .input(settingsContract.set.input)
  .output(settingsContract.set.output)
  .mutation(({ ctx, input }) => setSetting(ctx, input));
