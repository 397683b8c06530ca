import { procedure } from '../../procedure';
import { getSettings } from '../../domain/settings/setting-service';
import { settingsContract } from '../../contract/settings';

export const getAll = procedure(settingsContract.getAll).query(({ ctx, input }) => getSettings(ctx, input.category));
