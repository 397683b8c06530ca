// Turns an observed call into an audit entry: which event it was, whose trail it belongs to, and
// the documented fields (docs/api-rules.md#audit) with the input redacted. Runs in the audit writer, off the response path.
import { scopeTransaction, type KvStore } from '@coditect/store';
import type { JsonValue } from '../../contract/common';
import type { AuthEvent } from '../../contract/operation';
import type { TAuditEventType } from '../../contract/audit';
import { RateLimitExceededError } from '../rate-limits/rate-limit-exceeded';
import { identitySpace } from '../../storage/keyspace';
import type { TokenService } from '../identity/tokens';
import { userRepository } from '../identity/user-repository';
import type { AuditEntryDraft } from './audit-chain';
import { SYSTEM_AUDIT_TENANT } from './audit-repository';
import type { CallObservation } from './audit-observation';
import { redactSecrets } from './audit-redaction';

export interface DraftDeps {
  store: KvStore;
  tokens: TokenService;
}

export interface Subject {
  tenantId: string;
  userId: string | null;
}

const TRPC_PREFIX = '/trpc/';
const MAX_USER_AGENT = 512;
/**
 * What an anonymous request may make the server write: no body (beyond the email a sign-in names,
 * so its owner's admin can see who was tried) and short fields, so a flood of failures stays small.
 */
const ANONYMOUS_LIMITS = { userAgent: 200, endpoint: 200, email: 254 } as const;

/** Drafts a batch: inputs resolved together, and only anonymous calls look their subject up. */
export async function draftEntries(deps: DraftDeps, calls: readonly CallObservation[]): Promise<AuditEntryDraft[]> {
  const inputs = await Promise.all(calls.map((call) => call.input.catch(() => undefined)));
  const subjects: Array<Subject | Promise<Subject>> = calls.map((call, index) =>
    call.tenantId ? { tenantId: call.tenantId, userId: call.userId ?? null } : subjectOf(deps, call, inputs[index]),
  );
  // Promise.all takes plain values beside promises; it is skipped when every subject is known.
  const resolved = subjects.some((subject) => subject instanceof Promise)
    ? // eslint-disable-next-line @typescript-eslint/await-thenable -- a mix of values and promises
      await Promise.all(subjects)
    : (subjects as Subject[]);
  return calls.map((call, index) => draftEntry(call, inputs[index], resolved[index]!));
}

export function draftEntry(call: CallObservation, rawInput: unknown, subject: Subject): AuditEntryDraft {
  const error = call.error;
  const anonymous = call.userId === undefined;
  const endpoint = call.path.startsWith(TRPC_PREFIX) ? `${TRPC_PREFIX}${call.procedure}` : call.path;
  return {
    tenant_id: subject.tenantId,
    user_id: subject.userId,
    event_type: eventTypeOf(call),
    endpoint: anonymous ? endpoint.slice(0, ANONYMOUS_LIMITS.endpoint) : endpoint,
    method: call.method,
    status_code: error ? error.status : successStatus(call),
    error_code: error ? error.code : null,
    ip_address: call.ip || null,
    user_agent: call.userAgent?.slice(0, anonymous ? ANONYMOUS_LIMITS.userAgent : MAX_USER_AGENT) ?? null,
    request_body: rawInput === undefined ? null : anonymous ? anonymousBody(rawInput) : redactSecrets(rawInput),
    response_time_ms: Math.round(call.responseTimeMs * 100) / 100,
    request_id: call.requestId,
    procedure: call.procedure,
    details: detailsOf(call) ?? call.outputDetails ?? null,
    created_at: new Date(call.atMs).toISOString(),
  };
}

/** The most specific of: rate-limit hit, isolation violation, auth event, authenticated call. */
export function eventTypeOf(call: CallObservation): TAuditEventType {
  const { error, meta } = call;
  if (error?.code === 'RATE_LIMIT_EXCEEDED') return 'rate_limit.exceeded';
  if (error?.isolationViolation) return 'isolation.violation';
  if (meta?.auditEvent) {
    if (!error) return `auth.${meta.auditEvent}`;
    if (error.code === 'TOKEN_REUSED') return 'auth.token_reuse';
    const failed = FAILED_AUTH_EVENT[meta.auditEvent];
    if (failed) return failed;
  }
  return call.type === 'mutation' ? 'mutation' : 'request';
}

/** A logout that got past authentication can only fail inside the store: an ordinary mutation. */
const FAILED_AUTH_EVENT: Record<AuthEvent, TAuditEventType | undefined> = {
  register: 'auth.register_failed',
  login: 'auth.login_failed',
  logout: undefined,
  refresh: 'auth.refresh_failed',
  password_change: 'auth.password_change_failed',
  password_reset: 'auth.password_reset_failed',
};

function successStatus(call: CallObservation): number {
  return call.path.startsWith(TRPC_PREFIX) ? 200 : (call.meta?.rest?.successStatus ?? 200);
}

function detailsOf(call: CallObservation): Record<string, JsonValue> | null {
  const { error } = call;
  if (error instanceof RateLimitExceededError) {
    return { limit: error.window.name, policy: error.window.policy, retry_after: error.retryAfter ?? null };
  }
  if (error?.isolationViolation) {
    return { object_id: error.isolationViolation.objectId, kind: error.isolationViolation.kind };
  }
  return null;
}

/**
 * Whose trail an anonymous call's entry joins (an authenticated call's is the caller's tenant).
 * Register and login: the user they name (a wrong password for a known email lands in that user's
 * tenant, where its admin sees it). Refresh: the token's subject, only if its signature verifies
 * (else anyone could write into any tenant's trail). Everything else: the system trail.
 */
async function subjectOf(deps: DraftDeps, call: CallObservation, rawInput: unknown): Promise<Subject> {
  const named = userNamedBy(call.output);
  if (named) return named;
  const input = (typeof rawInput === 'object' && rawInput !== null ? rawInput : {}) as Record<string, unknown>;
  if (call.meta?.auditEvent === 'login' && typeof input.email === 'string') {
    const user = await deps.store
      .transact((tx) => userRepository.getByEmail(scopeTransaction(tx, identitySpace), input.email as string))
      .catch(() => undefined);
    if (user) return { tenantId: user.tenant_id, userId: user.user_id };
  }
  if (call.meta?.auditEvent === 'refresh' && typeof input.refresh_token === 'string') {
    const claims = await deps.tokens.verify(input.refresh_token, 'refresh').catch(() => undefined);
    if (claims) return { tenantId: claims.tenant_id, userId: claims.sub };
  }
  return { tenantId: SYSTEM_AUDIT_TENANT, userId: null };
}

function userNamedBy(output: unknown): Subject | undefined {
  const user = (output as { user?: { user_id?: unknown; tenant_id?: unknown } } | undefined)?.user;
  if (typeof user?.user_id === 'string' && typeof user.tenant_id === 'string') {
    return { tenantId: user.tenant_id, userId: user.user_id };
  }
  return undefined;
}

/** Of an anonymous request's input, only the email it names (clipped), or nothing. */
function anonymousBody(rawInput: unknown): JsonValue {
  const email = (rawInput as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? { email: email.slice(0, ANONYMOUS_LIMITS.email) } : null;
}
