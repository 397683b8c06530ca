import { procedure } from '../../procedure';
import { getEntry } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const get = procedure(filesContract.get).query(({ ctx, input }) => getEntry(ctx, input));
