// Reads audit entries straight from the store (tests look at every tenant's trail, the system
// trail included, which no API serves).
import { scopeTransaction, unpackTuple, type KvStore } from '@coditect/store';
import { tenantSpace, type TAuditEntry } from '@coditect/api';

export function readTrail(store: KvStore, tenantId: string): Promise<TAuditEntry[]> {
  return store.transact(async (tx) => {
    const rows = await scopeTransaction(tx, tenantSpace(tenantId)).getRange<TAuditEntry>(['audit', 'entry']);
    return rows.map((row) => row.value);
  });
}

/** Every audit entry of every tenant, as stored. */
export function readAllAuditEntries(store: KvStore): Promise<TAuditEntry[]> {
  return store.transact(async (tx) => {
    const rows = await tx.getRange(Buffer.from([0x00]), Buffer.from([0xff]));
    const entries: TAuditEntry[] = [];
    for (const row of rows) {
      const key = unpackTuple(row.key);
      if (key[0] === 'tenant' && key[2] === 'audit' && key[3] === 'entry') entries.push(JSON.parse(row.value.toString('utf8')));
    }
    return entries;
  });
}

/** Rewrites entry `sequence` of a tenant's trail in place (tamper tests). */
export function overwriteEntry(store: KvStore, tenantId: string, sequence: number, entry: unknown | undefined): Promise<void> {
  return store.transact(async (tx) => {
    const tenant = scopeTransaction(tx, tenantSpace(tenantId));
    if (entry === undefined) tenant.clear(['audit', 'entry', sequence]);
    else tenant.set(['audit', 'entry', sequence], entry);
  });
}
