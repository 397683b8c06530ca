// The tenant-scoped handle: the only way services reach tenant data. Every key it can produce
// lives under the tenant's prefix, so code holding tenant A's handle cannot address tenant B.
import { scopeTransaction, type KvStore, type ScopedTransaction, type Transaction } from '@coditect/store';
import { tenantSpace } from './keyspace';

export interface TenantScope {
  readonly tenantId: string;
  /** Runs `body` in one serializable transaction confined to this tenant's keys. */
  transact<T>(body: (tx: ScopedTransaction) => Promise<T>): Promise<T>;
  /** This tenant's view of a transaction that also touches other spaces (e.g. identity). */
  within(tx: Transaction): ScopedTransaction;
}

export function createTenantScope(store: KvStore, tenantId: string): TenantScope {
  const space = tenantSpace(tenantId);
  return {
    tenantId,
    transact: (body) => store.transact((tx) => body(scopeTransaction(tx, space))),
    within: (tx) => scopeTransaction(tx, space),
  };
}
