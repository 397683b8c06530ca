import { protectedProcedure } from '../../trpc';
import { revokeApiKey } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const revoke = protectedProcedure
  .meta(apiKeysContract.revoke.meta)
  .input(apiKeysContract.revoke.input)
  .output(apiKeysContract.revoke.output)
  .mutation(async ({ ctx, input }) => {
    await revokeApiKey(ctx, input.key_id);
    return { message: 'API key revoked' };
  });
