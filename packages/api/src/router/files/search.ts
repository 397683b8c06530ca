import { procedure } from '../../procedure';
import { searchFiles } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const search = procedure(filesContract.search).query(({ ctx, input }) => searchFiles(ctx, input));
