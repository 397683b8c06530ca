// Keyspace version 2: roles moved from the user record to memberships (one per user and tenant).
// Every user of a version-1 store gets the membership of their self-tenant with the role their
// record held; users created by version 2 already have one and are left alone.
import { scopeTransaction, type KvStore } from '@coditect/store';
import type { TRole } from '../contract/roles';
import { membershipRepository, newMembership } from '../domain/identity/membership-repository';
import type { UserRecord } from '../domain/identity/user-repository';
import { identitySpace } from '../storage/keyspace';

const BATCH = 200;

/** Gives the users of one batch (after `cursor`, a user id) their self-tenant membership. */
export async function membershipsFromUsers(
  store: KvStore,
  cursor: string | undefined,
): Promise<{ changed: number; cursor: string | undefined }> {
  return store.transact(async (tx) => {
    const identity = scopeTransaction(tx, identitySpace);
    const users = await identity.getRange<UserRecord>(['user'], {
      limit: BATCH,
      ...(cursor === undefined ? {} : { after: ['user', cursor] }),
    });
    let changed = 0;
    for (const { value: user } of users) {
      if (await membershipRepository.get(identity, user.user_id, user.tenant_id)) continue;
      const role: TRole = user.role ?? 'Admin';
      membershipRepository.put(identity, {
        ...newMembership({ user_id: user.user_id, tenant_id: user.tenant_id, role, now: new Date(user.created_at) }),
        last_active_at: user.last_login_at,
      });
      changed += 1;
    }
    return { changed, cursor: users.length === BATCH ? users.at(-1)!.value.user_id : undefined };
  });
}
