// The one place where any error becomes a client-facing code, status and message (docs/api-rules.md#envelope-and-errors).
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { StoreLimitError, StoreUnavailableError, TransactionConflictError, TransactionTimeoutError } from '@coditect/store';
import { ZodError } from 'zod';
import { AppError } from './app-error';
import type { ErrorBody, ErrorCode, TIssueDetail } from '../contract/error-codes';

const TRPC_CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** tRPC's own errors (no domain cause) expressed in our codes. */
const CODE_BY_TRPC_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'VALIDATION_ERROR',
  BAD_REQUEST: 'VALIDATION_ERROR',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE_CONTENT: 'VALIDATION_ERROR',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'RATE_LIMIT_EXCEEDED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

export function trpcCodeFor(error: AppError): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE_BY_STATUS[error.status] ?? 'INTERNAL_SERVER_ERROR';
}

/** The domain error behind any thrown value; unknown failures become a bare INTERNAL_ERROR. */
export function toAppError(error: unknown): AppError {
  const cause = error instanceof TRPCError && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AppError) return cause;
  // Input validation is a BAD_REQUEST carrying the ZodError; an output validation failure is an
  // INTERNAL_SERVER_ERROR carrying one too, and is our bug, not the caller's.
  if (cause instanceof ZodError && !(error instanceof TRPCError && error.code === 'INTERNAL_SERVER_ERROR')) {
    return new AppError('VALIDATION_ERROR', 'Invalid input', describeIssues(cause));
  }
  if (cause instanceof StoreLimitError) {
    return new AppError('PAYLOAD_TOO_LARGE', 'The data is larger than the store accepts');
  }
  if (
    cause instanceof StoreUnavailableError ||
    cause instanceof TransactionConflictError ||
    cause instanceof TransactionTimeoutError
  ) {
    return new AppError('SERVICE_UNAVAILABLE', 'The service is busy or unavailable; try again shortly');
  }
  // An input nested deeper than the validator's recursion can follow: the caller's to fix.
  if (cause instanceof RangeError && error instanceof TRPCError && error.code === 'BAD_REQUEST') {
    return new AppError('VALIDATION_ERROR', 'Input is nested too deeply');
  }
  if (error instanceof TRPCError) {
    const code = CODE_BY_TRPC_CODE[error.code];
    if (code) return new AppError(code, error.message);
  }
  return new AppError('INTERNAL_ERROR', 'Internal server error');
}

/** Re-throwable tRPC error carrying the domain error as its cause, with the matching tRPC code. */
export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor(error), message: error.message, cause: error });
}

export function errorBody(error: AppError): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  // A validation error always says where: the whole input when no one field is to blame.
  else if (error.code === 'VALIDATION_ERROR') body.details = [{ path: '', message: error.message }] satisfies TIssueDetail[];
  if (error.retryAfter !== undefined) body.retry_after = error.retryAfter;
  return body;
}

function describeIssues(error: ZodError): TIssueDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return unknownFields(path, issue.keys);
    return { path, message: issue.message };
  });
}

/** The detail for fields the operation does not take (`path` '' for the input's own top level). */
export function unknownFields(path: string, keys: readonly string[]): TIssueDetail {
  return { path, message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}` };
}
