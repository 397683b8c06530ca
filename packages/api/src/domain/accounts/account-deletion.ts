// Deleting one's own account: confirmed by typing its email (and the password, when it has one).
// What goes: the personal tenant with everything in it (sessions and their files, conversations,
// tasks, settings, keys, auth sessions — every token stops working), the user's sessions and keys in
// each organisation, their memberships, an organisation they are the only member of, and the
// account itself (profile, email, two-factor, linked providers). What stays: organisations'
// audit trails, which name the user only by an id that no longer belongs to anyone. Refused while
// they are the last Admin of an organisation others still belong to.
import { AppError } from '../../errors/app-error';
import type { TDeleteAccountRequest } from '../../contract/users';
import type { CallerContext, IdentityDeps } from '../identity/identity-context';
import { membershipRepository } from '../identity/membership-repository';
import { emailKey, userRepository } from '../identity/user-repository';
import { twoFactorRepository } from '../identity/two-factor-repository';
import { externalIdentities } from '../sign-in-providers/external-identities';
import { organisationRepository } from '../organisations/organisation-repository';
import { revokeAllApiKeys } from '../api-keys/api-key-service';
import {
  discardSessions,
  removeOrganisation,
  removeSessions,
  type RemovedSessions,
  type SessionResources,
} from '../organisations/organisation-deletion';

export type AccountDeletingCaller = CallerContext & { deps: SessionResources & Pick<IdentityDeps, 'passwords' | 'now'> };

export async function deleteAccount(ctx: AccountDeletingCaller, input: TDeleteAccountRequest): Promise<void> {
  const { auth, deps } = ctx;
  const { user, memberships } = await ctx.home.transact(async (tx) => ({
    user: await userRepository.get(tx.identity, auth.userId),
    memberships: await membershipRepository.listForUser(tx.identity, auth.userId),
  }));
  if (!user) throw new AppError('UNAUTHORIZED', 'The account no longer exists');
  if (emailKey(input.confirm) !== emailKey(user.email)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid input', [
      { path: 'confirm', message: `Type your email address, ${user.email}, to confirm` },
    ]);
  }
  if (user.password_hash !== '') {
    if (input.current_password === undefined || !(await deps.passwords.verify(user.password_hash, input.current_password))) {
      throw new AppError('INVALID_PASSWORD', 'Current password is incorrect');
    }
  }

  // Decide for every organisation before changing anything: leave it, take it along, or refuse.
  const organisations = memberships.filter((membership) => membership.tenant_id !== user.tenant_id);
  const plans: Array<{ tenantId: string; alone: boolean }> = [];
  const blocking: string[] = [];
  for (const membership of organisations) {
    const { members, organisation } = await ctx.tenantOf(membership.tenant_id).transact(async (tx) => ({
      members: await membershipRepository.listForTenant(tx.identity, membership.tenant_id),
      organisation: await organisationRepository.get(tx.identity, membership.tenant_id),
    }));
    const others = members.filter((member) => member.user_id !== auth.userId);
    const otherAdmins = others.filter((member) => member.role === 'Admin' && !member.disabled);
    if (membership.role === 'Admin' && others.length > 0 && otherAdmins.length === 0) {
      blocking.push(organisation?.name ?? membership.tenant_id);
    }
    plans.push({ tenantId: membership.tenant_id, alone: others.length === 0 });
  }
  if (blocking.length > 0) {
    throw new AppError(
      'CONFLICT',
      `You are the last Admin of ${blocking.join(', ')}: make another member an Admin, or delete the organisation, first`,
    );
  }

  const removed: RemovedSessions[] = [];
  for (const plan of plans) {
    removed.push(
      await ctx.tenantOf(plan.tenantId).transact(async (tx) => {
        const organisation = await organisationRepository.get(tx.identity, plan.tenantId);
        if (plan.alone && organisation) return removeOrganisation(tx, organisation);
        const gone = await removeSessions(tx, plan.tenantId, auth.userId);
        await revokeAllApiKeys(tx, auth.userId);
        membershipRepository.remove(tx.identity, auth.userId, plan.tenantId);
        return gone;
      }),
    );
  }
  removed.push(
    await ctx.home.transact(async (tx) => {
      const { identity } = tx;
      const gone = await removeSessions(tx, user.tenant_id);
      await revokeAllApiKeys(tx, auth.userId);
      for (const linked of await externalIdentities.listForUser(identity, auth.userId))
        externalIdentities.unlink(identity, linked);
      twoFactorRepository.remove(identity, auth.userId);
      twoFactorRepository.clearSetup(identity, auth.userId);
      for (const link of await identity.getRange<string>(['email_link_of', auth.userId]))
        identity.clear(['email_link', link.value]);
      identity.clearPrefix(['email_link_of', auth.userId]);
      membershipRepository.remove(identity, auth.userId, user.tenant_id);
      userRepository.remove(identity, user);
      // The personal tenant's space, its auth sessions included: every token stops at once.
      tx.clearPrefix([]);
      return gone;
    }),
  );
  for (const each of removed) await discardSessions(deps, each);
}
