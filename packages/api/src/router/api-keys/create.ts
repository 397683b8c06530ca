import { protectedProcedure } from '../../trpc';
import { createApiKey } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const create = protectedProcedure
  .meta(apiKeysContract.create.meta)
  .input(apiKeysContract.create.input)
  .output(apiKeysContract.create.output)
  .mutation(({ ctx, input }) => createApiKey(ctx, input));
