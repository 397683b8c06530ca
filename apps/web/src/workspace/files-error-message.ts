// One message for whatever a files call rejected with. The server's messages for file errors name
// the workspace path concerned ("Not found: src/app.ts"), so they are kept and followed by what
// to do; codes whose server text says nothing useful here get a sentence of our own.
import { formatWait } from '../api/api-error';
import { FilesError, type FilesErrorCode } from './workspace-files';

const OFFLINE = 'Cannot reach the server. Check your connection and try again.';

/** What each code means to someone working in the editor; `detail` is the server's sentence without its full stop. */
const LEAD: Record<FilesErrorCode, ((detail: string, retryAfter: number | undefined) => string) | string> = {
  NETWORK_ERROR: OFFLINE,
  VALIDATION_ERROR: (detail) => `${detail}.`,
  INVALID_PATH: (detail) => `${detail}. Paths stay inside the workspace, without .. or special characters.`,
  INVALID_TOKEN: (detail) => `${detail}.`,
  OAUTH_FAILED: (detail) => `${detail}.`,
  UNAUTHORIZED: 'Your sign-in has ended. Sign in again to work on files.',
  TOKEN_EXPIRED: 'Your sign-in has ended. Sign in again to work on files.',
  TOKEN_REUSED: 'Your sign-in has ended. Sign in again to work on files.',
  INVALID_CREDENTIALS: 'Your sign-in has ended. Sign in again to work on files.',
  INVALID_PASSWORD: 'Your sign-in has ended. Sign in again to work on files.',
  TWO_FACTOR_REQUIRED: 'Your sign-in has ended. Sign in again to work on files.',
  INVALID_TWO_FACTOR_CODE: 'Your sign-in has ended. Sign in again to work on files.',
  FORBIDDEN: 'You may not change the files of this session.',
  ACCOUNT_DISABLED: 'This account is disabled.',
  REAUTHENTICATION_REQUIRED: 'Confirm your password, then try again.',
  EMAIL_NOT_VERIFIED: 'Verify your email address first: open the link we mailed you.',
  MEMBERSHIP_ENDED: (detail) => `${detail}.`,
  NOT_FOUND: (detail) => `${detail}.`,
  SESSION_NOT_FOUND: 'This session no longer exists, or is not yours.',
  CONVERSATION_NOT_FOUND: (detail) => `${detail}.`,
  SETTING_NOT_FOUND: (detail) => `${detail}.`,
  FILE_NOT_FOUND: (detail) => `${detail}. It may have been deleted or moved elsewhere.`,
  TERMINAL_NOT_FOUND: (detail) => `${detail}. It may have exited and been removed.`,
  TASK_NOT_FOUND: (detail) => `${detail}. It may have been deleted.`,
  TOOL_NOT_FOUND: (detail) => `${detail}.`,
  CHECKPOINT_NOT_FOUND: (detail) => `${detail}. Its workspace may have been replaced.`,
  PROVIDER_NOT_FOUND: (detail) => `${detail}. Ask an Admin, or pick another provider.`,
  METHOD_NOT_ALLOWED: 'This server does not offer that operation.',
  EMAIL_TAKEN: (detail) => `${detail}.`,
  CONFLICT: (detail) => `${detail}. Compare with the newer version before saving.`,
  ALREADY_EXISTS: (detail) => `${detail}. Pick another name.`,
  NOT_A_DIRECTORY: (detail) => `${detail}. That is a file, not a folder.`,
  IS_A_DIRECTORY: (detail) => `${detail}. That is a folder, not a file.`,
  DIRECTORY_NOT_EMPTY: (detail) => `${detail}. Empty the folder first.`,
  PAYLOAD_TOO_LARGE: (detail) => `${detail}. It is larger than this server takes in one go.`,
  QUOTA_EXCEEDED: (detail) => `${detail}. The workspace is full: delete something, then try again.`,
  UNSUPPORTED_FILE_TYPE: (detail) => `${detail}. Only regular files and folders can be used here.`,
  UNSUPPORTED_MEDIA_TYPE: 'The server cannot take files sent this way.',
  INVALID_ARCHIVE: (detail) => `${detail}. The archive cannot be unpacked.`,
  RATE_LIMIT_EXCEEDED: (_detail, retryAfter) =>
    retryAfter === undefined
      ? 'Too many requests. Wait a moment and try again.'
      : `Too many requests. Try again in ${formatWait(retryAfter)}.`,
  TOKEN_BUDGET_EXCEEDED: (detail) => `${detail}.`,
  INTERNAL_ERROR: 'Something went wrong on the server. Try again.',
  SERVICE_UNAVAILABLE: (detail) => `${detail}. Try again shortly.`,
};

export function describeFilesError(error: unknown): string {
  if (!(error instanceof FilesError)) return OFFLINE;
  const lead = LEAD[error.code];
  return typeof lead === 'string' ? lead : lead(error.message.replace(/\.$/, ''), error.retryAfterSeconds);
}
