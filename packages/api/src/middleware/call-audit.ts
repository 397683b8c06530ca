// What the audit middleware notes about a finished procedure call — cheaply, on the response path.
// The note copies the few values it needs instead of holding on to the request's objects: it lives
// until the next batch is written, and whatever it references survives the young-generation
// collections meanwhile (measured: holding the request context cost more than writing the entry).
import type { ProcedureMeta } from '../contract/operation';
import type { RequestInfo } from '../context';
import type { CallObservation } from '../domain/audit/audit-observation';
import type { AuthIdentity } from '../domain/identity/identity-context';
import { toAppError } from '../errors/error-classification';
import { omitFields, pickDetails } from '../domain/audit/audit-redaction';

interface FinishedCall {
  request: RequestInfo;
  /** This call's authenticated caller (its CallState), not any other call's of the same request. */
  identity: AuthIdentity | undefined;
  /** An anonymous call's subject named by its handler (CallState.subject). */
  subject?: { tenantId: string; userId: string };
  outboxId?: string;
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
  // Omitted fields go now, so a file's contents are not held until the entry is written.
  const omit = meta?.audit?.omitInput;
  const input = omit ? call.getRawInput().then((raw) => omitFields(raw, omit)) : call.getRawInput();
  input.catch(() => undefined);
  const detailFields = meta?.audit?.outputDetails;
  return {
    requestId: request.requestId,
    ip: request.ip,
    userAgent: request.userAgent,
    method: request.method,
    path: request.path,
    procedure: call.procedure,
    type: call.type,
    meta,
    tenantId: identity?.tenantId ?? call.subject?.tenantId,
    userId: identity?.userId ?? call.subject?.userId,
    outboxId: call.outboxId,
    input,
    output: authEvent && call.result.ok ? call.result.data : undefined,
    outputDetails: detailFields && call.result.ok ? pickDetails(call.result.data, detailFields) : undefined,
    error,
    atMs: call.now().getTime(),
    responseTimeMs: performance.now() - request.receivedAt,
  };
}
