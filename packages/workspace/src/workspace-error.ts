// The one error type of this package: a stable code the API layer maps once to an HTTP status,
// a message safe to show the user (workspace-relative paths only, never a server path or file
// contents), and details an audit entry or a client can use.

export const WORKSPACE_ERROR_STATUS = {
  INVALID_PATH: 400,
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  NOT_A_DIRECTORY: 409,
  IS_A_DIRECTORY: 409,
  DIRECTORY_NOT_EMPTY: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  INVALID_ARCHIVE: 422,
  QUOTA_EXCEEDED: 507,
  BUSY: 503,
  SEARCH_UNAVAILABLE: 503,
  IO_ERROR: 500,
} as const;

export type WorkspaceErrorCode = keyof typeof WORKSPACE_ERROR_STATUS;

/** Which configured limit a QUOTA_EXCEEDED error refers to. */
export type QuotaLimit = 'workspace_bytes' | 'workspace_entries' | 'file_bytes' | 'tenant_bytes' | 'tenant_entries' | 'disk';

export interface QuotaExceededDetails {
  limit: QuotaLimit;
  /** Usage before the refused operation (bytes, or entries for workspace_entries). */
  used: number;
  /** What the operation would have added (or the file's size for file_bytes). */
  requested: number;
  max: number;
}

export interface ConflictDetails {
  path: string;
  /** The file's etag now; null when it does not exist. */
  current_etag: string | null;
}

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
  readonly status: number;

  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = WORKSPACE_ERROR_STATUS[code];
  }
}

export function isWorkspaceError(value: unknown, code?: WorkspaceErrorCode): value is WorkspaceError {
  return value instanceof WorkspaceError && (code === undefined || value.code === code);
}

export function quotaExceeded(details: QuotaExceededDetails): WorkspaceError {
  const unit = details.limit === 'workspace_entries' || details.limit === 'tenant_entries' ? 'entries' : 'bytes';
  return new WorkspaceError(
    'QUOTA_EXCEEDED',
    `Quota exceeded: ${details.limit} (used ${details.used} ${unit}, requested ${details.requested}, limit ${details.max})`,
    { ...details },
  );
}

/**
 * Turns a Node file-system error into a WorkspaceError, about `path` (workspace-relative) when
 * given. The original error stays in `cause` for server logs; its message, which names server
 * paths, never reaches the client.
 */
export function fromFsError(error: unknown, path?: string): WorkspaceError {
  if (error instanceof WorkspaceError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const about = path === undefined ? '' : `: ${path === '' ? 'the workspace root' : path}`;
  const details = path === undefined ? undefined : { path };
  const cause = { cause: error };
  switch (code) {
    case 'ENOENT':
      return new WorkspaceError('NOT_FOUND', `Not found${about}`, details, cause);
    case 'EEXIST':
      return new WorkspaceError('ALREADY_EXISTS', `Already exists${about}`, details, cause);
    case 'ENOTDIR':
      return new WorkspaceError('NOT_A_DIRECTORY', `Not a directory${about}`, details, cause);
    case 'EISDIR':
      return new WorkspaceError('IS_A_DIRECTORY', `Is a directory${about}`, details, cause);
    case 'ENOTEMPTY':
      return new WorkspaceError('DIRECTORY_NOT_EMPTY', `Directory not empty${about}`, details, cause);
    case 'ELOOP':
    case 'ENAMETOOLONG':
      return new WorkspaceError('INVALID_PATH', `Invalid path${about}`, details, cause);
    case 'ENOSPC':
    case 'EDQUOT':
      return new WorkspaceError('QUOTA_EXCEEDED', 'Quota exceeded: disk', { limit: 'disk' }, cause);
    case 'EMFILE':
    case 'ENFILE':
    case 'EBUSY':
      return new WorkspaceError('BUSY', 'The file system is busy; try again', undefined, cause);
    default:
      return new WorkspaceError('IO_ERROR', `File operation failed${about}`, details, cause);
  }
}

/** Runs `operation`, turning anything it throws that is not a WorkspaceError into one. */
export async function guarded<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw fromFsError(error);
  }
}
