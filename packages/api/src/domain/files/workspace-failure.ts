// The one mapping of the workspace library's errors to the API's codes (docs/api-rules.md). Its
// messages name workspace paths only, never a server path or file contents, so they go to the
// client as they are; its details (a conflict's current etag, a quota's figures) go along.
import { isWorkspaceError, type WorkspaceError } from '@coditect/workspace';
import { AppError } from '../../errors/app-error';

function fieldIssue(error: WorkspaceError): Array<{ path: string; message: string }> {
  const field = error.details?.field;
  return [{ path: typeof field === 'string' ? field : '', message: error.message }];
}

export function workspaceFailure(error: WorkspaceError): AppError {
  const { message, details } = error;
  switch (error.code) {
    case 'INVALID_PATH':
      return new AppError('INVALID_PATH', message, details);
    case 'INVALID_ARGUMENT':
      return new AppError('VALIDATION_ERROR', message, fieldIssue(error));
    case 'NOT_FOUND':
      return new AppError('FILE_NOT_FOUND', message, details);
    case 'ALREADY_EXISTS':
      return new AppError('ALREADY_EXISTS', message, details);
    case 'NOT_A_DIRECTORY':
      return new AppError('NOT_A_DIRECTORY', message, details);
    case 'IS_A_DIRECTORY':
      return new AppError('IS_A_DIRECTORY', message, details);
    case 'DIRECTORY_NOT_EMPTY':
      return new AppError('DIRECTORY_NOT_EMPTY', message, details);
    case 'CONFLICT':
      return new AppError('CONFLICT', message, details);
    case 'PAYLOAD_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', message, details);
    case 'QUOTA_EXCEEDED':
      return new AppError('QUOTA_EXCEEDED', message, details);
    case 'UNSUPPORTED_FILE_TYPE':
      return new AppError('UNSUPPORTED_FILE_TYPE', message, details);
    case 'INVALID_ARCHIVE':
      return new AppError('INVALID_ARCHIVE', message, details);
    case 'BUSY':
      return new AppError('SERVICE_UNAVAILABLE', 'The workspace is busy; try again shortly');
    case 'SEARCH_UNAVAILABLE':
      return new AppError('SERVICE_UNAVAILABLE', 'Search is unavailable on this server (ripgrep is not installed)');
    case 'IO_ERROR':
      // The cause (a server path, an errno) is for the server's log: thrown as is, it becomes a
      // bare INTERNAL_ERROR for the client and is logged with its cause by the transport.
      throw error;
  }
}

/** Runs `work`, turning the workspace library's errors into the API's. */
export async function onWorkspace<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw isWorkspaceError(error) ? workspaceFailure(error) : error;
  }
}
