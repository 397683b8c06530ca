// Each user's self-tenant id is a UUID v5 of the user id, so it can be re-derived.
import { v5 as uuidv5 } from 'uuid';

/** uuidv5('tenant.coditect.ai', DNS namespace) — fixed forever; changing it orphans every tenant. */
const TENANT_NAMESPACE = 'b3b6c1e4-0a0f-5c43-9a1e-6f3d2c1b0a99';

export function selfTenantId(userId: string): string {
  return uuidv5(userId, TENANT_NAMESPACE);
}
