// The audit entry of a signed-in mutation is committed with the mutation itself: every transaction
// of the call that changes something also writes an outbox record in the tenant's space, in the
// same commit. The writer chains the call's entry and clears the record in one transaction; if
// the server dies in between (or the writer's queue was full), the record is still there, and the
// sweep chains it later as a mutation whose answer was not recorded. So no committed change goes
// unaudited, and a dropped observation of such a call is not a loss.
import { membershipRepository } from '../identity/membership-repository';
import type { ScopedTransaction, KvStore, Transaction } from '@coditect/store';
import { scopeTransaction } from '@coditect/store';
import { identitySpace, tenantSpace } from '../../storage/keyspace';
import type { AuditEntryDraft, AuditKey } from './audit-chain';
import { auditRepository } from './audit-repository';
import { redactSecrets } from './audit-redaction';
import type { JsonValue } from '../../contract/common';

const OUTBOX = 'audit_outbox';

/** What the outbox keeps of a call: enough for an entry when its answer never gets recorded. */
export interface OutboxRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  procedure: string;
  endpoint: string;
  method: string;
  ip_address: string | null;
  request_id: string;
  request_body: JsonValue;
  created_at: string;
}

export const auditOutbox = {
  put(tenant: ScopedTransaction, record: OutboxRecord): void {
    tenant.set([OUTBOX, record.id], record);
  },

  /** Clears the records of calls whose entries are being chained in `tx`. */
  clear(tx: Transaction, records: ReadonlyArray<{ tenantId: string; id: string }>): void {
    for (const { tenantId, id } of records) scopeTransaction(tx, tenantSpace(tenantId)).clear([OUTBOX, id]);
  },

  /** A redacted copy of a call's input for its outbox record. */
  body(rawInput: unknown): JsonValue {
    return redactSecrets(rawInput);
  },

  /**
   * Chains, tenant by tenant, the records older than `olderThan` (the calls they belong to ended
   * long ago, or the server stopped before their entries were written) and clears them — read,
   * chained and cleared in one transaction per tenant, so two sweepers never chain one twice.
   * Answers how many it chained.
   */
  async recoverStale(store: KvStore, olderThan: Date, key: AuditKey | undefined): Promise<number> {
    const tenants = await store.transact(async (tx) => {
      const identity = scopeTransaction(tx, identitySpace);
      const users = await identity.getRange<{ tenant_id: string }>(['user']);
      return [...new Set([...users.map((user) => user.value.tenant_id), ...(await membershipRepository.tenantIds(identity))])];
    });
    let recovered = 0;
    for (const tenantId of tenants) {
      recovered += await store.transact(async (tx) => {
        const tenant = scopeTransaction(tx, tenantSpace(tenantId));
        const stale = (await tenant.getRange<OutboxRecord>([OUTBOX]))
          .map((entry) => entry.value)
          .filter((record) => record.created_at < olderThan.toISOString());
        if (stale.length === 0) return 0;
        await auditRepository.append(tx, tenantId, stale.map(recoveredDraft), key);
        for (const record of stale) tenant.clear([OUTBOX, record.id]);
        return stale.length;
      });
    }
    return recovered;
  },
};

function recoveredDraft(record: OutboxRecord): AuditEntryDraft {
  return {
    tenant_id: record.tenant_id,
    user_id: record.user_id,
    event_type: 'mutation',
    endpoint: record.endpoint,
    method: record.method,
    // The record was committed with the change, so the change happened; the answer is unknown.
    status_code: 200,
    error_code: null,
    ip_address: record.ip_address,
    user_agent: null,
    request_body: record.request_body,
    response_time_ms: 0,
    request_id: record.request_id,
    procedure: record.procedure,
    details: { recovered: true, note: 'committed with the change; the server stopped before its answer was recorded' },
    created_at: record.created_at,
  };
}
