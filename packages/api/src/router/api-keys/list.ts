import { protectedProcedure } from '../../trpc';
import { listApiKeys } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const list = protectedProcedure
  .meta(apiKeysContract.list.meta)
  .output(apiKeysContract.list.output)
  .query(({ ctx }) => listApiKeys(ctx));
