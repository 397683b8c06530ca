// Domain errors: services throw these with a stable code; the tRPC layer maps them once to a
// tRPC code and HTTP status (see trpc.ts), and the REST shim reads the same code back.
import { ERROR_STATUS, type ErrorCode } from '../contract/error-codes';

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly status: number;
  /**
   * Set on a not-found answer caused by another tenant's or user's object id: the caller gets the
   * same 404 as for a missing id, and the audit trail records an isolation violation.
   */
  isolationViolation?: { objectId: string; kind: string };

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
