// Scans the whole store and reports every record without its index entries and every index entry
// without its record: identity (users ↔ email index), each tenant's auth sessions, workspace
// sessions and conversations (with their messages), and the global owner index. Read-only;
// `pnpm check-store` runs it on a data directory.
import { scopeTransaction, type KvStore } from '@coditect/store';
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
  const users = await store.transact(async (tx) => {
    const identity = scopeTransaction(tx, identitySpace);
    return (await identity.getRange<UserRecord>(['user'])).map((entry) => entry.value);
  });
  const tenants = new Set(users.map((user) => user.tenant_id));

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
      if ((await tx.get(['tenant'])) === undefined) tenantProblems.push(`tenant ${tenantId} has users but no tenant record`);
      for (const check of tenantChecks) tenantProblems.push(...(await check(tx, tenantId)));
      return tenantProblems;
    });
    problems.push(...found.map((problem) => `[tenant ${tenantId}] ${problem}`));
  }
  return { users: users.length, tenants: tenants.size, problems };
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
