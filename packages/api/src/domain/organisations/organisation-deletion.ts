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
import { apiKeyRepository } from '../api-keys/api-key-repository';
import { membershipRepository } from '../identity/membership-repository';
import { invitationRepository } from './invitation-repository';
import { organisationRepository } from './organisation-repository';
import { switchTenant, type TenantCaller } from './tenant-service';

export type DeletingCaller = TenantCaller & {
  deps: { workspaces: Workspaces; terminals?: SessionTerminals; tasks?: TaskRuns | undefined };
};

export async function deleteOrganisation(ctx: DeletingCaller, confirm: string): Promise<TLoginResponse> {
  const { auth, deps } = ctx;
  const removed = await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const organisation = await organisationRepository.get(identity, auth.tenantId);
    if (!organisation) {
      throw new AppError('CONFLICT', 'This is your personal workspace, not an organisation: it goes only with your account');
    }
    if (confirm.trim() !== organisation.name) {
      throw new AppError('VALIDATION_ERROR', 'Invalid input', [
        { path: 'confirm', message: `Type the organisation's name, ${organisation.name}, to confirm` },
      ]);
    }
    const sessionIds: string[] = [];
    const taskIds: string[] = [];
    for (const { value: session } of await tx.getRange<SessionRecord>(['ws_session'])) {
      await deleteConversationsOfSession(tx, session.session_id);
      taskIds.push(...(await taskRepository.removeAllOfSession(tx, session.session_id)));
      sessionRepository.remove(tx, session);
      tx.owners.release(session.session_id);
      sessionIds.push(session.session_id);
    }
    for (const membership of await membershipRepository.listForTenant(identity, auth.tenantId)) {
      for (const key of await apiKeyRepository.listForUser(tx, membership.user_id)) {
        apiKeyRepository.remove(tx, identity, key);
        tx.owners.release(key.key_id);
      }
      membershipRepository.remove(identity, membership.user_id, auth.tenantId);
    }
    for (const { digest, invitation } of await invitationRepository.listForTenant(identity, auth.tenantId)) {
      invitationRepository.remove(identity, digest, invitation);
    }
    organisationRepository.remove(identity, organisation);
    tx.clearPrefix([]);
    return { sessionIds, taskIds };
  });
  for (const taskId of removed.taskIds) deps.tasks?.stop(taskId);
  for (const sessionId of removed.sessionIds) {
    // Shells go before files: nothing may keep writing into a tree being removed.
    await killSessionTerminals(deps.terminals, deps.workspaces, { tenantId: auth.tenantId, sessionId });
    await removeTree(deps.workspaces, auth.tenantId, sessionId);
  }
  return switchTenant(ctx, auth.homeTenantId);
}
