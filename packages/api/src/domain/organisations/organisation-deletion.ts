// Deleting an organisation (its Admin, typing its name to confirm): its memberships, invitations,
// members' API keys, every session with its conversations, agent tasks, terminals and files, and
// everything else in its space go; members are refused (MEMBERSHIP_ENDED) at their next request.
// The deletion's own audit entry is written to the emptied space after it, so that the fact stays.
import { AppError } from '../../errors/app-error';
import type { TLoginResponse } from '../../contract/auth';
import type { Workspaces } from '../files/workspaces';
import { removeTree } from '../files/workspace-trees';
import type { SessionTerminals } from '../terminals/session-terminals';
import { killSessionTerminals } from '../terminals/terminal-service';
import type { TaskRuns } from '../tasks/task-runs';
import { taskRepository } from '../tasks/task-repository';
import { deleteConversationsOfSession } from '../conversations/conversation-service';
import { sessionRepository, type SessionRecord } from '../sessions/session-repository';
import { revokeAllApiKeys } from '../api-keys/api-key-service';
import { membershipRepository } from '../identity/membership-repository';
import { invitationRepository } from './invitation-repository';
import { organisationRepository, type OrganisationRecord } from './organisation-repository';
import type { TenantTransaction } from '../../storage/tenant-scope';
import { switchTenant, type TenantCaller } from './tenant-service';

export type DeletingCaller = TenantCaller & { deps: SessionResources };

/** What a removed session may still hold outside the store: a running task, shells, its files. */
export interface SessionResources {
  workspaces: Workspaces;
  terminals?: SessionTerminals;
  tasks?: TaskRuns | undefined;
}

/** What a removal left outside the store, for discardSessions once it has committed. */
export interface RemovedSessions {
  tenantId: string;
  sessionIds: string[];
  taskIds: string[];
}

/**
 * Removes the sessions of `tx`'s tenant (only `userId`'s when given) with their conversations,
 * tasks and sharing, releasing their owner entries; answers what to discard once committed.
 */
export async function removeSessions(tx: TenantTransaction, tenantId: string, userId?: string): Promise<RemovedSessions> {
  const removed: RemovedSessions = { tenantId, sessionIds: [], taskIds: [] };
  for (const { value: session } of await tx.getRange<SessionRecord>(['ws_session'])) {
    if (userId !== undefined && session.user_id !== userId) continue;
    await deleteConversationsOfSession(tx, tenantId, session.session_id);
    removed.taskIds.push(...(await taskRepository.removeAllOfSession(tx, session.session_id)));
    sessionRepository.remove(tx, session);
    tx.owners.release(session.session_id);
    removed.sessionIds.push(session.session_id);
  }
  return removed;
}

/** Stops the removed sessions' tasks and shells, then removes their trees. */
export async function discardSessions(deps: SessionResources, removed: RemovedSessions): Promise<void> {
  for (const taskId of removed.taskIds) deps.tasks?.stop(taskId);
  for (const sessionId of removed.sessionIds) {
    // Shells go before files: nothing may keep writing into a tree being removed.
    await killSessionTerminals(deps.terminals, deps.workspaces, { tenantId: removed.tenantId, sessionId });
    await removeTree(deps.workspaces, removed.tenantId, sessionId);
  }
}

/**
 * Everything of the organisation `tx` acts in: sessions, members' keys, memberships, invitations,
 * its record and the rest of its space. Answers what to discard once committed.
 */
export async function removeOrganisation(tx: TenantTransaction, organisation: OrganisationRecord): Promise<RemovedSessions> {
  const { identity } = tx;
  const tenantId = organisation.tenant_id;
  const removed = await removeSessions(tx, tenantId);
  for (const membership of await membershipRepository.listForTenant(identity, tenantId)) {
    await revokeAllApiKeys(tx, membership.user_id);
    membershipRepository.remove(identity, membership.user_id, tenantId);
  }
  for (const { digest, invitation } of await invitationRepository.listForTenant(identity, tenantId)) {
    invitationRepository.remove(identity, digest, invitation);
  }
  organisationRepository.remove(identity, organisation);
  tx.clearPrefix([]);
  return removed;
}

export async function deleteOrganisation(ctx: DeletingCaller, confirm: string): Promise<TLoginResponse> {
  const { auth, deps } = ctx;
  const removed = await ctx.tenant.transact(async (tx) => {
    const organisation = await organisationRepository.get(tx.identity, auth.tenantId);
    if (!organisation) {
      throw new AppError('CONFLICT', 'This is your personal workspace, not an organisation: it goes only with your account');
    }
    if (confirm.trim() !== organisation.name) {
      throw new AppError('VALIDATION_ERROR', 'Invalid input', [
        { path: 'confirm', message: `Type the organisation's name, ${organisation.name}, to confirm` },
      ]);
    }
    return removeOrganisation(tx, organisation);
  });
  await discardSessions(deps, removed);
  return switchTenant(ctx, auth.homeTenantId);
}
