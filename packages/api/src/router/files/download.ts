import { procedure } from '../../procedure';
import { downloadEntry } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const download = procedure(filesContract.download).query(({ ctx, input }) => downloadEntry(ctx, input));
