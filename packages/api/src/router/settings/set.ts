import { procedure } from '../../procedure';
import { setSetting } from '../../domain/settings/setting-service';
import { settingsContract } from '../../contract/settings';

export const set = procedure(settingsContract.set).mutation(({ ctx, input }) => setSetting(ctx, input));
