// The top of the key layout (SPEC §7): one global space for identity, one space per tenant for
// everything the tenant owns. Repositories lay out their records under these.
import { Subspace } from '@coditect/store';

/** Users by id and by email — the only data not owned by a tenant. */
export const identitySpace = new Subspace(['identity']);

const tenantsRoot = new Subspace(['tenant']);

/** Everything tenant `tenantId` owns lives under this prefix. */
export function tenantSpace(tenantId: string): Subspace {
  return tenantsRoot.at([tenantId]);
}
