// Domain errors: services throw these with a stable code; the tRPC layer maps them once to a
// tRPC code and HTTP status (see trpc.ts), and the REST shim reads the same code back.
import { ERROR_STATUS, type ErrorCode } from './error-codes';

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds until a rate-limited call may be retried. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}
