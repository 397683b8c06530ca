import { procedure } from '../../procedure';
import { findFiles } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const find = procedure(filesContract.find).query(({ ctx, input }) => findFiles(ctx, input));
