// The handle for work that starts before the tenant is known — registration, sign-in, token
// refresh, authenticating a request: the global identity space, and any tenant's view once a
// verified record names it. Only anonymous operations and the authentication middleware get it;
// a signed-in caller's services get their own tenant's handle instead.
import { scopeTransaction, type KvStore, type ScopedTransaction } from '@coditect/store';
import { identitySpace } from './keyspace';
import { tenantView, type TenantTransaction } from './tenant-scope';

export interface IdentityTransaction {
  /** Users by id and by email, API-key locators, object owners. */
  readonly identity: ScopedTransaction;
  /** Tenant `tenantId`'s view of this same transaction. */
  tenant(tenantId: string): TenantTransaction;
}

export interface IdentityScope {
  transact<T>(body: (tx: IdentityTransaction) => Promise<T>): Promise<T>;
}

export function createIdentityScope(store: KvStore): IdentityScope {
  return {
    transact: (body) =>
      store.transact((tx) =>
        body({ identity: scopeTransaction(tx, identitySpace), tenant: (tenantId) => tenantView(tx, tenantId) }),
      ),
  };
}
