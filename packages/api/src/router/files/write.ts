import { procedure } from '../../procedure';
import { writeFile } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const write = procedure(filesContract.write).mutation(({ ctx, input }) => writeFile(ctx, input));
