// Every error code a client can see (docs/api-rules.md#envelope-and-errors), with its HTTP status. Browser-safe.
import { z } from 'zod';

export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_PATH: 400,
  INVALID_TOKEN: 400,
  OAUTH_FAILED: 400,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REUSED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_PASSWORD: 401,
  TWO_FACTOR_REQUIRED: 401,
  INVALID_TWO_FACTOR_CODE: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  REAUTHENTICATION_REQUIRED: 403,
  EMAIL_NOT_VERIFIED: 403,
  MEMBERSHIP_ENDED: 403,
  NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  SETTING_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  TERMINAL_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  TOOL_NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  PROVIDER_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  EMAIL_TAKEN: 409,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  NOT_A_DIRECTORY: 409,
  IS_A_DIRECTORY: 409,
  DIRECTORY_NOT_EMPTY: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_ARCHIVE: 422,
  RATE_LIMIT_EXCEEDED: 429,
  TOKEN_BUDGET_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** The `error` object of the REST envelope, and the extra fields tRPC errors carry in `data`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  retry_after?: number;
}

/** `details` of a VALIDATION_ERROR: one entry per offending field (`path` like "memory.facts"). */
export const ZIssueDetails = z.array(z.object({ path: z.string(), message: z.string() }));
export type TIssueDetail = z.infer<typeof ZIssueDetails>[number];
