// Scans the whole store and reports every record without its index entries and every index entry
// without its record: identity (users ↔ email index), each tenant's auth sessions, workspace
// sessions and conversations (with their messages), and the global owner index. Read-only;
// `pnpm check-store` runs it on a data directory.
import { membershipRepository, type MembershipRecord } from '../identity/membership-repository';
import { organisationRepository } from '../organisations/organisation-repository';
import type { InvitationRecord } from '../organisations/invitation-repository';
import { scopeTransaction, type KvStore, type ScopedTransaction } from '@coditect/store';
import { identitySpace } from '../../storage/keyspace';
import { createTenantScope, tenantView, type ObjectOwner, type TenantTransaction } from '../../storage/tenant-scope';
import { findSessionIndexProblems } from '../sessions/session-consistency';
import { findConversationProblems } from '../conversations/conversation-consistency';
import type { UserRecord } from '../identity/user-repository';
import type { AuthSessionRecord } from '../identity/auth-session-repository';

export interface ConsistencyReport {
  users: number;
  tenants: number;
  problems: string[];
}

/** Per-tenant checks, one per domain that keeps indexes. */
export type TenantCheck = (tx: TenantTransaction, tenantId: string) => Promise<string[]>;

export const tenantChecks: TenantCheck[] = [findAuthSessionProblems, findSessionIndexProblems, findConversationProblems];

/** Whether the object an owner entry points at still exists, per kind. */
const OWNED_RECORD_KEY: Record<ObjectOwner['kind'], (objectId: string, owner: ObjectOwner) => string[]> = {
  workspace_session: (objectId) => ['ws_session', objectId],
  conversation: (objectId) => ['conversation', objectId],
  api_key: (objectId, owner) => ['api_key', owner.user_id, objectId],
};

export async function checkStoreConsistency(store: KvStore): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const { users, memberTenants } = await store.transact(async (tx) => {
    const identity = scopeTransaction(tx, identitySpace);
    return {
      users: (await identity.getRange<UserRecord>(['user'])).map((entry) => entry.value),
      memberTenants: await membershipRepository.tenantIds(identity),
    };
  });
  const personalTenants = new Set(users.map((user) => user.tenant_id));
  const tenants = new Set([...personalTenants, ...memberTenants]);

  await store.transact(async (tx) => {
    const identity = scopeTransaction(tx, identitySpace);
    const byEmail = await identity.getRange<string>(['user_by_email']);
    const usersById = new Map(users.map((user) => [user.user_id, user]));
    for (const entry of byEmail) {
      const user = usersById.get(entry.value);
      if (!user) problems.push(`email index entry ${String(entry.key[1])} points at missing user ${entry.value}`);
      else if (user.email.trim().normalize('NFC').toLowerCase() !== entry.key[1]) {
        problems.push(`email index entry ${String(entry.key[1])} points at user ${user.user_id} with email ${user.email}`);
      }
    }
    const indexed = new Set(byEmail.map((entry) => entry.value));
    for (const user of users) if (!indexed.has(user.user_id)) problems.push(`user ${user.user_id} missing from the email index`);

    problems.push(...(await findMembershipProblems(identity, usersById)));

    const owners = await identity.getRange<ObjectOwner>(['owner']);
    for (const entry of owners) {
      const objectId = String(entry.key[1]);
      const recordKey = OWNED_RECORD_KEY[entry.value.kind]?.(objectId, entry.value);
      const record = recordKey ? await tenantView(tx, entry.value.tenant_id).get<{ user_id: string }>(recordKey) : undefined;
      if (!record || record.user_id !== entry.value.user_id)
        problems.push(`owner entry ${objectId} (${entry.value.kind}) has no matching record`);
    }
  });

  for (const tenantId of tenants) {
    const scope = createTenantScope(store, tenantId);
    const found = await scope.transact(async (tx) => {
      const tenantProblems: string[] = [];
      // A personal tenant has its record in its space; an organisation, in the identity space.
      const recorded = personalTenants.has(tenantId)
        ? (await tx.get(['tenant'])) !== undefined
        : (await organisationRepository.get(tx.identity, tenantId)) !== undefined;
      if (!recorded) tenantProblems.push(`tenant ${tenantId} has members but no tenant or organisation record`);
      for (const check of tenantChecks) tenantProblems.push(...(await check(tx, tenantId)));
      return tenantProblems;
    });
    problems.push(...found.map((problem) => `[tenant ${tenantId}] ${problem}`));
  }
  return { users: users.length, tenants: tenants.size, problems };
}

/**
 * Memberships and their index by tenant agree; each names a user that exists, and every user is a
 * member of their own tenant; invitations and their two indexes agree.
 */
async function findMembershipProblems(identity: ScopedTransaction, usersById: Map<string, UserRecord>): Promise<string[]> {
  const problems: string[] = [];
  const memberships = await identity.getRange<MembershipRecord>(['membership']);
  const byTenant = new Set(
    (await identity.getRange<string>(['tenant_member'])).map((entry) => `${String(entry.key[1])}/${String(entry.key[2])}`),
  );
  const held = new Set<string>();
  for (const { value: membership } of memberships) {
    const pair = `${membership.tenant_id}/${membership.user_id}`;
    held.add(pair);
    if (!byTenant.has(pair))
      problems.push(`membership ${membership.user_id} of ${membership.tenant_id} missing from the by-tenant index`);
    if (!usersById.has(membership.user_id))
      problems.push(`membership of ${membership.tenant_id} names missing user ${membership.user_id}`);
  }
  for (const pair of byTenant) if (!held.has(pair)) problems.push(`by-tenant member entry ${pair} without its membership`);
  for (const user of usersById.values()) {
    if (!held.has(`${user.tenant_id}/${user.user_id}`)) problems.push(`user ${user.user_id} is not a member of their own tenant`);
  }
  const invitations = new Map(
    (await identity.getRange<InvitationRecord>(['invitation'])).map((entry) => [String(entry.key[1]), entry.value]),
  );
  for (const prefix of ['invitation_of', 'invitation_for'] as const) {
    for (const entry of await identity.getRange<string>([prefix])) {
      if (!invitations.has(entry.value)) problems.push(`${prefix} entry ${entry.key.slice(1).join('/')} without its invitation`);
    }
  }
  return problems;
}

async function findAuthSessionProblems(tx: TenantTransaction): Promise<string[]> {
  const problems: string[] = [];
  const sessions = await tx.getRange<AuthSessionRecord>(['auth_session']);
  const byUser = await tx.getRange<string>(['auth_session_by_user']);
  const indexed = new Set(byUser.map((entry) => `${String(entry.key[1])}/${String(entry.key[2])}`));
  const bySid = new Map(sessions.map((entry) => [entry.value.sid, entry.value]));
  for (const session of bySid.values()) {
    if (!indexed.has(`${session.user_id}/${session.sid}`))
      problems.push(`auth session ${session.sid} missing from the by-user index`);
  }
  for (const entry of byUser) {
    const session = bySid.get(String(entry.key[2]));
    if (!session || session.user_id !== entry.key[1])
      problems.push(`by-user index entry ${String(entry.key[2])} without its auth session`);
  }
  return problems;
}
