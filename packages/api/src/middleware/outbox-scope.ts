// The tenant handle of a signed-in mutation: every transaction of the call that changes something
// also writes the call's audit outbox record (see domain/audit/audit-outbox.ts), in the same
// commit, so the change and its audit entry cannot part.
import type { ApiDependencies, CallState, RequestInfo } from '../context';
import { auditOutbox } from '../domain/audit/audit-outbox';
import type { AuthIdentity } from '../domain/identity/identity-context';
import { createTenantScope, type TenantScope } from '../storage/tenant-scope';

const ENDPOINT_CHARS = 512;

export function outboxedTenantScope(
  deps: Pick<ApiDependencies, 'store' | 'now'>,
  request: RequestInfo,
  call: CallState,
  identity: AuthIdentity,
  procedure: string,
  rawInput: unknown,
): TenantScope {
  // Unique across the calls of a batch and across processes (request ids carry a boot id).
  request.calls = (request.calls ?? 0) + 1;
  const id = `${request.requestId}.${request.calls}`;
  call.outboxId = id;
  return createTenantScope(deps.store, identity.tenantId, {
    onChange: (tx) =>
      auditOutbox.put(tx, {
        id,
        tenant_id: identity.tenantId,
        user_id: identity.userId,
        procedure,
        endpoint: request.path.slice(0, ENDPOINT_CHARS),
        method: request.method,
        ip_address: request.ip || null,
        request_id: request.requestId,
        request_body: auditOutbox.body(rawInput),
        created_at: deps.now().toISOString(),
      }),
  });
}
