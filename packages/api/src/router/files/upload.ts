import { procedure } from '../../procedure';
import { uploadFiles } from '../../domain/files/file-service';
import { filesContract } from '../../contract/files';

export const upload = procedure(filesContract.upload).mutation(({ ctx, input }) => uploadFiles(ctx, input));
