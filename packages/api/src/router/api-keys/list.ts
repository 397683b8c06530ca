import { procedure } from '../../procedure';
import { listApiKeys } from '../../domain/api-keys/api-key-service';
import { apiKeysContract } from '../../contract/api-keys';

export const list = procedure(apiKeysContract.list).query(({ ctx }) => listApiKeys(ctx));
