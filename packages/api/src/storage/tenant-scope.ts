// The tenant-scoped handle: the only way services reach tenant data. Every key it can produce
// lives under the tenant's prefix, so code holding tenant A's handle cannot address tenant B.
import { scopeTransaction, type KvStore, type ScopedTransaction, type Transaction } from '@coditect/store';
import { identitySpace, tenantSpace } from './keyspace';

export type OwnedKind = 'workspace_session' | 'conversation' | 'api_key';

export interface ObjectOwner {
  tenant_id: string;
  user_id: string;
  kind: OwnedKind;
}

/**
 * The global object-id → owner index. A handle can only claim ids for its own tenant; lookups let
 * a service tell "someone else's id" (an isolation violation, audited) from "no such id" — the
 * caller sees the same 404 either way.
 */
export interface OwnerIndex {
  claim(objectId: string, kind: OwnedKind, userId: string): void;
  release(objectId: string): void;
  find(objectId: string): Promise<ObjectOwner | undefined>;
}

export interface TenantTransaction extends ScopedTransaction {
  readonly owners: OwnerIndex;
}

export interface TenantScope {
  readonly tenantId: string;
  /** Runs `body` in one serializable transaction confined to this tenant's keys. */
  transact<T>(body: (tx: TenantTransaction) => Promise<T>): Promise<T>;
  /** This tenant's view of a transaction that also touches other spaces (e.g. identity). */
  within(tx: Transaction): TenantTransaction;
}

export function createTenantScope(store: KvStore, tenantId: string): TenantScope {
  const space = tenantSpace(tenantId);
  const within = (tx: Transaction): TenantTransaction => {
    const scoped = scopeTransaction(tx, space) as TenantTransaction;
    const global = scopeTransaction(tx, identitySpace);
    const owners: OwnerIndex = {
      claim: (objectId, kind, userId) => global.set(['owner', objectId], { tenant_id: tenantId, user_id: userId, kind }),
      release: (objectId) => global.clear(['owner', objectId]),
      find: (objectId) => global.get<ObjectOwner>(['owner', objectId]),
    };
    return Object.assign(scoped, { owners });
  };
  return {
    tenantId,
    transact: (body) => store.transact((tx) => body(within(tx))),
    within,
  };
}
