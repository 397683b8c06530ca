// One sentence for whatever a files call rejected with.
import { FilesError } from './workspace-files';

export function describeFilesError(error: unknown): string {
  if (error instanceof FilesError) return error.message;
  return 'Cannot reach the server. Check your connection and try again.';
}
