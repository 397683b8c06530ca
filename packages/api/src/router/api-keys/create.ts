import { procedure } from '../../procedure';
import { createApiKey } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const create = procedure(apiKeysContract.create).mutation(({ ctx, input }) => createApiKey(ctx, input));
