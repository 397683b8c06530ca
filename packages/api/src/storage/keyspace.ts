// The top of the key layout (docs/api-rules.md#storage): one global space for identity, one space per tenant for
// everything the tenant owns. Repositories lay out their records under these.
import { Subspace } from '@coditect/store';

/** Users by id and by email — the only data not owned by a tenant. */
export const identitySpace = new Subspace(['identity']);

const tenantsRoot = new Subspace(['tenant']);

const recentTenantSpaces = new Map<string, Subspace>();
const RECENT_LIMIT = 10_000;

/** Everything tenant `tenantId` owns lives under this prefix. */
export function tenantSpace(tenantId: string): Subspace {
  // Packing the prefix is most of the cost of building a key; every request needs one.
  let space = recentTenantSpaces.get(tenantId);
  if (!space) {
    space = tenantsRoot.at([tenantId]);
    if (recentTenantSpaces.size >= RECENT_LIMIT) recentTenantSpaces.clear();
    recentTenantSpaces.set(tenantId, space);
  }
  return space;
}
