// What the audit middleware notes about a finished procedure call — cheaply, on the response path;
// everything else (subject, redaction, hashing, storage) happens later in the audit writer. The
// note copies the few values it needs instead of holding on to the request's objects: it lives
// until the next batch is written, and whatever it references survives the young-generation
// collections meanwhile (measured: holding the request context cost more than writing the entry).
import type { AppError } from '../../errors/app-error';
import { toAppError } from '../../errors/error-classification';
import type { ProcedureMeta } from '../../contract/operation';
import type { AuthIdentity } from '../identity/identity-context';
import type { RequestInfo } from '../../trpc';

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
  input: Promise<unknown>;
  /** Kept for auth events only: register's and login's answer name the user. */
  output: unknown;
  error: AppError | undefined;
  atMs: number;
  responseTimeMs: number;
}

/** Sink for observations; the writer batches them into the store. */
export interface AuditTrail {
  record(observation: CallObservation): void;
}

interface FinishedCall {
  request: RequestInfo;
  /** This call's authenticated caller (its CallState), not any other call's of the same request. */
  identity: AuthIdentity | undefined;
  procedure: string;
  type: string;
  meta: ProcedureMeta | undefined;
  getRawInput: () => Promise<unknown>;
  result: { ok: true; data: unknown } | { ok: false; error: unknown };
  /** The clock, read only for calls that are recorded. */
  now: () => Date;
}

/**
 * The observation to record, or undefined when the call is none of: authenticated, an auth event,
 * a rate-limit refusal (anonymous health checks and rejected tokens are not audited).
 */
export function observeCall(call: FinishedCall): CallObservation | undefined {
  const { request, identity, meta } = call;
  const error = call.result.ok ? undefined : toAppError(call.result.error);
  const authEvent = meta?.auditEvent;
  if (!identity && !authEvent && error?.code !== 'RATE_LIMIT_EXCEEDED') return undefined;
  const input = call.getRawInput();
  input.catch(() => undefined);
  return {
    requestId: request.requestId,
    ip: request.ip,
    userAgent: request.userAgent,
    method: request.method,
    path: request.path,
    procedure: call.procedure,
    type: call.type,
    meta,
    tenantId: identity?.tenantId,
    userId: identity?.userId,
    input,
    output: authEvent && call.result.ok ? call.result.data : undefined,
    error,
    atMs: call.now().getTime(),
    responseTimeMs: performance.now() - request.receivedAt,
  };
}
