// Who belongs to which tenant, with which role: one record per user and tenant in the identity
// space, beside an index by tenant for listing members.
//   identity: ['membership', user_id, tenant_id] → MembershipRecord   (a user's tenants)
//   identity: ['tenant_member', tenant_id, user_id] → joined_at        (a tenant's members)
// Every user is a member of their own self-tenant (the Admin); organisations add others. The
// record is read on every authenticated call, so a removal, a new role or a disabled membership
// applies at the member's next request whatever their tokens say.
import type { ScopedTransaction } from '@coditect/store';
import type { TRole } from '../../contract/roles';

export interface MembershipRecord {
  user_id: string;
  tenant_id: string;
  role: TRole;
  /** An Admin turned this member's access to the tenant off (their account elsewhere is untouched). */
  disabled: boolean;
  joined_at: string;
  updated_at: string;
  /** When the member last signed in to or refreshed a session in this tenant. */
  last_active_at: string | null;
}

export function newMembership(fields: { user_id: string; tenant_id: string; role: TRole; now: Date }): MembershipRecord {
  const at = fields.now.toISOString();
  return {
    user_id: fields.user_id,
    tenant_id: fields.tenant_id,
    role: fields.role,
    disabled: false,
    joined_at: at,
    updated_at: at,
    last_active_at: null,
  };
}

export const membershipRepository = {
  get(identity: ScopedTransaction, userId: string, tenantId: string): Promise<MembershipRecord | undefined> {
    return identity.get<MembershipRecord>(['membership', userId, tenantId]);
  },

  put(identity: ScopedTransaction, membership: MembershipRecord): void {
    identity.set(['membership', membership.user_id, membership.tenant_id], membership);
    identity.set(['tenant_member', membership.tenant_id, membership.user_id], membership.joined_at);
  },

  remove(identity: ScopedTransaction, userId: string, tenantId: string): void {
    identity.clear(['membership', userId, tenantId]);
    identity.clear(['tenant_member', tenantId, userId]);
  },

  /** The user's memberships, by tenant id. */
  async listForUser(identity: ScopedTransaction, userId: string): Promise<MembershipRecord[]> {
    return (await identity.getRange<MembershipRecord>(['membership', userId])).map((entry) => entry.value);
  },

  /** The tenant's members' user ids (at most `limit`), by user id. */
  async memberIds(identity: ScopedTransaction, tenantId: string, limit = 10_000): Promise<string[]> {
    return (await identity.getRange<string>(['tenant_member', tenantId], { limit })).map((entry) => String(entry.key[2]));
  },

  /** The tenant's memberships, by user id. */
  async listForTenant(identity: ScopedTransaction, tenantId: string): Promise<MembershipRecord[]> {
    const ids = await this.memberIds(identity, tenantId);
    const found = await Promise.all(ids.map((userId) => this.get(identity, userId, tenantId)));
    return found.filter((membership): membership is MembershipRecord => membership !== undefined);
  },

  /** Every tenant that has a member (for sweeps over all tenants). */
  async tenantIds(identity: ScopedTransaction): Promise<string[]> {
    const tenants = new Set<string>();
    for (const entry of await identity.getRange<string>(['tenant_member'])) tenants.add(String(entry.key[1]));
    return [...tenants];
  },
};
