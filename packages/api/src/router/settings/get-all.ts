import { protectedProcedure } from '../../trpc';
import { getSettings } from '../../domain/settings/user-settings';
import { settingsContract } from '../../contract/settings';

export const getAll = protectedProcedure
  .meta(settingsContract.getAll.meta)
  .input(settingsContract.getAll.input)
  .output(settingsContract.getAll.output)
  .query(({ ctx, input }) => getSettings(ctx, input.category));
