// Organisations: tenants made to be shared, recorded in the identity space so a user's list of
// tenants reads one space. A personal tenant has no record here (its record, in its own space,
// names its owner: registration-service.ts).
//   identity: ['organisation', tenant_id] → OrganisationRecord
//   identity: ['organisation_by_creator', user_id, tenant_id] → created_at
import type { ScopedTransaction } from '@coditect/store';

export interface OrganisationRecord {
  tenant_id: string;
  name: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const organisationRepository = {
  get(identity: ScopedTransaction, tenantId: string): Promise<OrganisationRecord | undefined> {
    return identity.get<OrganisationRecord>(['organisation', tenantId]);
  },

  /** Writes the organisation's record and its creator index entry. */
  put(identity: ScopedTransaction, organisation: OrganisationRecord): void {
    identity.set(['organisation', organisation.tenant_id], organisation);
    identity.set(['organisation_by_creator', organisation.created_by, organisation.tenant_id], organisation.created_at);
  },

  remove(identity: ScopedTransaction, organisation: OrganisationRecord): void {
    identity.clear(['organisation', organisation.tenant_id]);
    identity.clear(['organisation_by_creator', organisation.created_by, organisation.tenant_id]);
  },

  async countCreatedBy(identity: ScopedTransaction, userId: string, limit: number): Promise<number> {
    return (await identity.getRange(['organisation_by_creator', userId], { limit })).length;
  },
};
