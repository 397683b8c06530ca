// What the audit trail is told about a finished call (by the audit middleware, on the response
// path); everything else — subject, redaction, hashing, storage — happens later in the writer.
import type { AppError } from '../../errors/app-error';
import type { JsonValue } from '../../contract/common';
import type { ProcedureMeta } from '../../contract/operation';
import type { ErrorCode } from '../../contract/error-codes';

export interface CallObservation {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  method: string;
  path: string;
  procedure: string;
  type: string;
  meta: ProcedureMeta | undefined;
  /** The authenticated caller, if any, when the call finished. */
  tenantId: string | undefined;
  userId: string | undefined;
  /** The call's audit outbox record, to clear when its entry is chained. */
  outboxId?: string;
  input: Promise<unknown>;
  /** Kept for auth events only: register's and login's answer name the user. */
  output: unknown;
  /** Fields of a successful answer the operation's meta copies into the entry (`audit.outputDetails`). */
  outputDetails?: Record<string, JsonValue> | undefined;
  error: AppError | undefined;
  atMs: number;
  responseTimeMs: number;
}

/** Sink for observations; the writer batches them into the store. */
/** A credential refused at authentication; counted, not recorded one by one (anyone can send one). */
export interface RejectedCredential {
  ip: string;
  /** The refusal's code (UNAUTHORIZED, TOKEN_EXPIRED, ACCOUNT_DISABLED). */
  reason: ErrorCode;
  credential: 'token' | 'api_key' | 'stream_ticket';
  atMs: number;
}

export interface AuditTrail {
  record(observation: CallObservation): void;
  recordRejectedCredential(rejection: RejectedCredential): void;
}
