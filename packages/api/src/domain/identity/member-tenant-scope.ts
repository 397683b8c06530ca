// A handle to another tenant the caller belongs to, for what concerns the user across their tenants
// (their keys after a password change, their data when the account goes). Every transaction first
// reads the membership and refuses with MEMBERSHIP_ENDED when there is none, so a handle never
// reaches a tenant its user does not belong to.
import type { KvStore } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import { createTenantScope, type TenantScope } from '../../storage/tenant-scope';
import { membershipRepository } from './membership-repository';

export type MemberTenants = (tenantId: string) => TenantScope;

export function memberTenants(store: KvStore, userId: string): MemberTenants {
  return (tenantId) => {
    const scope = createTenantScope(store, tenantId);
    return {
      tenantId,
      transact: (body) =>
        scope.transact(async (tx) => {
          if (!(await membershipRepository.get(tx.identity, userId, tenantId))) {
            throw new AppError('MEMBERSHIP_ENDED', 'You are not a member of this tenant');
          }
          return body(tx);
        }),
    };
  };
}
