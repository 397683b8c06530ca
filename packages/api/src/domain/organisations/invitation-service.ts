// Inviting someone to an organisation by email: a link that works once, for INVITATION_LIMITS.ttlDays,
// accepted by the signed-in user whose address it was sent to (who signs up first if they have no
// account). Accepting adds the membership and acts in the organisation; the link also proves the
// address, so an unverified account becomes verified.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TLoginResponse } from '../../contract/auth';
import {
  INVITATION_LIMITS,
  type TCreateInvitationRequest,
  type TInvitation,
  type TInvitationPreview,
} from '../../contract/organisations';
import { appLink, type AccountMail } from '../identity/account-mail';
import { invitationMail } from '../identity/account-mails';
import type { AnonymousContext } from '../identity/identity-context';
import { membershipRepository, newMembership } from '../identity/membership-repository';
import { emailKey, fullName, userRepository } from '../identity/user-repository';
import { invitationRepository, invitationDigest, type InvitationRecord } from './invitation-repository';
import { organisationRepository } from './organisation-repository';
import { switchTenant, type TenantCaller } from './tenant-service';

export const ACCEPT_INVITATION_PAGE = '/invitations/accept';

type InvitingCaller = TenantCaller & { deps: { accountMail: AccountMail } };

function invitationOf(record: InvitationRecord): TInvitation {
  return {
    invitation_id: record.invitation_id,
    email: record.email,
    role: record.role,
    invited_by: record.invited_by_name,
    created_at: record.created_at,
    expires_at: record.expires_at,
  };
}

function isLive(record: InvitationRecord, now: Date): boolean {
  return Date.parse(record.expires_at) > now.getTime();
}

function invalidInvitation(): AppError {
  return new AppError('INVALID_TOKEN', 'This invitation link is invalid, used, withdrawn or expired; ask for a new one');
}

/** Mails a new invitation; an earlier one to the same address stops working. */
export async function createInvitation(ctx: InvitingCaller, input: TCreateInvitationRequest): Promise<TInvitation> {
  const { auth, deps } = ctx;
  if (input.role === 'Admin' && auth.role !== 'Admin') throw new AppError('FORBIDDEN', 'Only an Admin can invite an Admin');
  const now = deps.now();
  const token = randomBytes(32).toString('base64url');
  const { record, organisationName } = await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const [organisation, inviter, invitee, pending] = await Promise.all([
      organisationRepository.get(identity, auth.tenantId),
      userRepository.get(identity, auth.userId),
      userRepository.getByEmail(identity, input.email),
      invitationRepository.listForTenant(identity, auth.tenantId),
    ]);
    if (!organisation) {
      throw new AppError(
        'CONFLICT',
        'This is your personal workspace, not an organisation: create an organisation to invite people',
      );
    }
    if (invitee && (await membershipRepository.get(identity, invitee.user_id, auth.tenantId))) {
      throw new AppError('CONFLICT', `${input.email} is already a member of this organisation`);
    }
    const previous = pending.find((each) => emailKey(each.invitation.email) === emailKey(input.email));
    if (previous) invitationRepository.remove(identity, previous.digest, previous.invitation);
    else if (pending.filter((each) => isLive(each.invitation, now)).length >= INVITATION_LIMITS.pending) {
      throw new AppError('CONFLICT', `This organisation has ${INVITATION_LIMITS.pending} pending invitations, the most it may`);
    }
    // Expired invitations go as new ones are made, so they never pile up.
    for (const stale of pending.filter((each) => each !== previous && !isLive(each.invitation, now))) {
      invitationRepository.remove(identity, stale.digest, stale.invitation);
    }
    const invitation: InvitationRecord = {
      invitation_id: randomUUID(),
      tenant_id: auth.tenantId,
      email: input.email,
      role: input.role,
      invited_by: auth.userId,
      invited_by_name: inviter ? fullName(inviter) : auth.email,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_LIMITS.ttlDays * 86_400_000).toISOString(),
    };
    invitationRepository.put(identity, invitationDigest(token), invitation);
    return { record: invitation, organisationName: organisation.name };
  });
  deps.accountMail.send({
    ...invitationMail(record.email, {
      organisation: organisationName,
      inviter: record.invited_by_name,
      role: record.role,
      url: appLink(deps.accountMail, ACCEPT_INVITATION_PAGE, { token }),
      daysValid: INVITATION_LIMITS.ttlDays,
    }),
    tenant_id: record.tenant_id,
  });
  return invitationOf(record);
}

/** Pending invitations, newest first (expired ones are not listed). */
export async function listInvitations(ctx: TenantCaller): Promise<{ invitations: TInvitation[]; count: number }> {
  const now = ctx.deps.now();
  const found = await ctx.tenant.transact((tx) => invitationRepository.listForTenant(tx.identity, ctx.auth.tenantId));
  const invitations = found
    .map((each) => each.invitation)
    .filter((record) => isLive(record, now))
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .map(invitationOf);
  return { invitations, count: invitations.length };
}

export async function revokeInvitation(ctx: TenantCaller, invitationId: string): Promise<void> {
  await ctx.tenant.transact(async (tx) => {
    const found = (await invitationRepository.listForTenant(tx.identity, ctx.auth.tenantId)).find(
      (each) => each.invitation.invitation_id === invitationId,
    );
    if (!found) throw new AppError('NOT_FOUND', 'No pending invitation with this id here');
    invitationRepository.remove(tx.identity, found.digest, found.invitation);
  });
}

/** What a live link offers; anything else is INVALID_TOKEN, whatever the reason. */
export async function previewInvitation(
  ctx: Pick<AnonymousContext, 'deps' | 'identity'>,
  token: string,
): Promise<TInvitationPreview> {
  const now = ctx.deps.now();
  return ctx.identity.transact(async (tx) => {
    const invitation = await invitationRepository.find(tx.identity, token);
    if (!invitation || !isLive(invitation, now)) throw invalidInvitation();
    const [organisation, account] = await Promise.all([
      organisationRepository.get(tx.identity, invitation.tenant_id),
      userRepository.getByEmail(tx.identity, invitation.email),
    ]);
    if (!organisation) throw invalidInvitation();
    return {
      organisation_name: organisation.name,
      invited_by: invitation.invited_by_name,
      email: invitation.email,
      role: invitation.role,
      expires_at: invitation.expires_at,
      account_exists: account !== undefined,
    };
  });
}

/**
 * Joins the organisation with the invitation's role (a member already keeps theirs) and answers a
 * pair acting there. Only the account of the invited address may accept; the link then stops working.
 */
export async function acceptInvitation(ctx: TenantCaller, token: string): Promise<TLoginResponse> {
  const { auth } = ctx;
  const now = ctx.deps.now();
  const tenantId = await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const invitation = await invitationRepository.find(identity, token);
    if (!invitation || !isLive(invitation, now) || !(await organisationRepository.get(identity, invitation.tenant_id))) {
      throw invalidInvitation();
    }
    if (emailKey(invitation.email) !== emailKey(auth.email)) {
      throw new AppError(
        'CONFLICT',
        `This invitation is for ${invitation.email}; you are signed in as ${auth.email}. Sign in with the invited address to accept it`,
      );
    }
    const [user, membership] = await Promise.all([
      userRepository.get(identity, auth.userId),
      membershipRepository.get(identity, auth.userId, invitation.tenant_id),
    ]);
    if (!membership) {
      membershipRepository.put(
        identity,
        newMembership({ user_id: auth.userId, tenant_id: invitation.tenant_id, role: invitation.role, now }),
      );
    }
    // The link reached this address: it is the user's.
    if (user && !user.email_verified)
      userRepository.put(identity, { ...user, email_verified: true, updated_at: now.toISOString() });
    invitationRepository.remove(identity, invitationDigest(token), invitation);
    return invitation.tenant_id;
  });
  return switchTenant(ctx, tenantId);
}
