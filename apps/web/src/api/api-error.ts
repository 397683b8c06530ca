// Turns whatever a call rejected with into what the UI shows: our error code (docs/api-rules.md), one plain
// sentence, per-field messages for validation errors, and the wait of a 429.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import { ZIssueDetails, isErrorCode, type ErrorCode } from '@coditect/api/contract';

/** NETWORK_ERROR: no answer we could read (offline, server down, a proxy's HTML error page). */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR';

export interface ApiFailure {
  code: ApiErrorCode;
  message: string;
  /** By field path ("first_name", "memory.facts"); empty when the error is not about fields. */
  fieldErrors: Record<string, string>;
  retryAfterSeconds: number | undefined;
}

export function apiErrorCode(error: unknown): ApiErrorCode {
  if (!(error instanceof TRPCClientError)) return 'NETWORK_ERROR';
  const appCode: unknown = (error as TRPCClientError<AppRouter>).data?.appCode;
  return isErrorCode(appCode) ? appCode : 'NETWORK_ERROR';
}

export interface DescribeOptions {
  /**
   * What a 429 counted: sign-in forms count attempts (someone may be guessing a password);
   * everything else counts requests.
   */
  rateLimited?: 'attempts' | 'requests';
}

export function describeApiError(error: unknown, options: DescribeOptions = {}): ApiFailure {
  const code = apiErrorCode(error);
  if (code === 'NETWORK_ERROR' || !(error instanceof TRPCClientError)) {
    return {
      code: 'NETWORK_ERROR',
      message: 'Cannot reach the server. Check your connection and try again.',
      fieldErrors: {},
      retryAfterSeconds: undefined,
    };
  }
  const data = (error as TRPCClientError<AppRouter>).data;
  const retryAfterSeconds = typeof data?.retryAfter === 'number' ? data.retryAfter : undefined;
  const { fieldErrors, wholeInput } = issuesFromDetails(data?.details);
  const serverMessage = wholeInput ?? error.message;
  const counted = options.rateLimited ?? 'requests';
  return {
    code,
    message: messageFor(code, serverMessage, retryAfterSeconds, fieldErrors, counted),
    fieldErrors,
    retryAfterSeconds,
  };
}

function messageFor(
  code: ErrorCode,
  serverMessage: string,
  retryAfterSeconds: number | undefined,
  fieldErrors: Record<string, string>,
  counted: 'attempts' | 'requests',
): string {
  switch (code) {
    case 'RATE_LIMIT_EXCEEDED':
      return retryAfterSeconds === undefined
        ? `Too many ${counted}. Wait a moment and try again.`
        : `Too many ${counted}. Try again in ${formatWait(retryAfterSeconds)}.`;
    case 'VALIDATION_ERROR':
      return Object.keys(fieldErrors).length > 0 ? 'Check the highlighted fields.' : serverMessage;
    case 'INTERNAL_ERROR':
      return 'Something went wrong on the server. Try again.';
    case 'SERVICE_UNAVAILABLE':
      return 'The server is busy or unavailable. Try again shortly.';
    default:
      // The server's own messages are written for people ("Invalid email or password").
      return serverMessage;
  }
}

/** Field messages by path; an issue with an empty path blames the whole input, not a field. */
function issuesFromDetails(details: unknown): { fieldErrors: Record<string, string>; wholeInput: string | undefined } {
  const parsed = ZIssueDetails.safeParse(details);
  const fieldErrors: Record<string, string> = {};
  let wholeInput: string | undefined;
  if (!parsed.success) return { fieldErrors, wholeInput };
  for (const issue of parsed.data) {
    if (issue.path) fieldErrors[issue.path] ??= issue.message;
    else wholeInput ??= issue.message;
  }
  return { fieldErrors, wholeInput };
}

/** 45 → "45 seconds", 60 → "1 minute", 899 → "15 minutes", 5400 → "2 hours". */
export function formatWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return plural(whole, 'second');
  if (whole < 3600) return plural(Math.ceil(whole / 60), 'minute');
  return plural(Math.ceil(whole / 3600), 'hour');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
