// The tenant-scoped handle: the only way a signed-in caller's services reach stored data. Every key
// it can produce lives under the tenant's prefix or in the global identity space (users, API-key
// locators, object owners), so code holding tenant A's handle cannot address tenant B's keys.
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
  /** The global identity space in the same transaction (users by id and email, API-key locators). */
  readonly identity: ScopedTransaction;
}

export interface TenantScope {
  readonly tenantId: string;
  /** Runs `body` in one serializable transaction confined to this tenant's keys. */
  transact<T>(body: (tx: TenantTransaction) => Promise<T>): Promise<T>;
}

/** This tenant's view of a transaction that may also touch other spaces (for infrastructure code). */
export function tenantView(tx: Transaction, tenantId: string): TenantTransaction {
  const scoped = scopeTransaction(tx, tenantSpace(tenantId)) as TenantTransaction;
  const identity = scopeTransaction(tx, identitySpace);
  const owners: OwnerIndex = {
    claim: (objectId, kind, userId) => identity.set(['owner', objectId], { tenant_id: tenantId, user_id: userId, kind }),
    release: (objectId) => identity.clear(['owner', objectId]),
    find: (objectId) => identity.get<ObjectOwner>(['owner', objectId]),
  };
  return Object.assign(scoped, { owners, identity });
}

export interface TenantScopeOptions {
  /**
   * Called at the end of every transaction that changed something, to add its own writes to the
   * same commit (a signed-in mutation's audit outbox record).
   */
  onChange?: (tx: TenantTransaction) => void;
}

export function createTenantScope(store: KvStore, tenantId: string, options: TenantScopeOptions = {}): TenantScope {
  const { onChange } = options;
  if (!onChange) return { tenantId, transact: (body) => store.transact((tx) => body(tenantView(tx, tenantId))) };
  return {
    tenantId,
    transact: (body) =>
      store.transact(async (tx) => {
        let changed = false;
        const view = tenantView(
          watchWrites(tx, () => (changed = true)),
          tenantId,
        );
        const result = await body(view);
        if (changed) onChange(view);
        return result;
      }),
  };
}

/** `tx`, telling `onWrite` about any write. */
function watchWrites(tx: Transaction, onWrite: () => void): Transaction {
  return {
    get: (key) => tx.get(key),
    getRange: (begin, end, options) => tx.getRange(begin, end, options),
    set: (key, value) => {
      onWrite();
      tx.set(key, value);
    },
    clear: (key) => {
      onWrite();
      tx.clear(key);
    },
    clearRange: (begin, end) => {
      onWrite();
      tx.clearRange(begin, end);
    },
  };
}
