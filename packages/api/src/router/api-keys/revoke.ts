import { procedure } from '../../procedure';
import { revokeApiKey } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const revoke = procedure(apiKeysContract.revoke).mutation(async ({ ctx, input }) => {
  await revokeApiKey(ctx, input.key_id);
  return { message: 'API key revoked' };
});
