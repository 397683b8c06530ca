// What the audit middleware notes about a finished procedure call — cheaply, on the response path;
// everything else (subject, redaction, hashing, storage) happens later in the audit writer.
import type { AppError } from '../../errors/app-error';
import { toAppError } from '../../errors/error-classification';
import type { ProcedureMeta } from '../../router/operation';
import type { RequestInfo } from '../../trpc';
import type { AuthIdentity } from '../identity/identity-context';

export interface CallObservation {
  request: RequestInfo;
  /** Who was authenticated when the call finished (undefined for anonymous calls). */
  identity: AuthIdentity | undefined;
  procedure: string;
  type: string;
  meta: ProcedureMeta | undefined;
  getRawInput: () => Promise<unknown>;
  /** Kept for auth events only: register's and login's answer name the user. */
  output: unknown;
  error: AppError | undefined;
  at: Date;
  responseTimeMs: number;
}

/** Sink for observations; the writer batches them into the store. */
export interface AuditTrail {
  record(observation: CallObservation): void;
}

interface FinishedCall {
  request: RequestInfo;
  procedure: string;
  type: string;
  meta: ProcedureMeta | undefined;
  getRawInput: () => Promise<unknown>;
  result: { ok: true; data: unknown } | { ok: false; error: unknown };
  at: Date;
}

/**
 * The observation to record, or undefined when the call is none of: authenticated, an auth event,
 * a rate-limit refusal (anonymous health checks and rejected tokens are not audited).
 */
export function observeCall(call: FinishedCall): CallObservation | undefined {
  const identity = call.request.identity;
  const error = call.result.ok ? undefined : toAppError(call.result.error);
  const authEvent = call.meta?.auditEvent;
  if (!identity && !authEvent && error?.code !== 'RATE_LIMIT_EXCEEDED') return undefined;
  return {
    request: call.request,
    identity,
    procedure: call.procedure,
    type: call.type,
    meta: call.meta,
    getRawInput: call.getRawInput,
    output: authEvent && call.result.ok ? call.result.data : undefined,
    error,
    at: call.at,
    responseTimeMs: performance.now() - call.request.receivedAt,
  };
}
