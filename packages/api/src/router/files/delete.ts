import { procedure } from '../../procedure';
import { deleteEntry } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

// `delete` is a reserved word; the router key is still `files.delete`.
export const remove = procedure(filesContract.delete).mutation(({ ctx, input }) => deleteEntry(ctx, input));
