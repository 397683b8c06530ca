import { procedure } from '../../procedure';
import { createEntry } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const create = procedure(filesContract.create).mutation(({ ctx, input }) => createEntry(ctx, input));
