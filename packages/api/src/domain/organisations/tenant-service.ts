// The caller's tenants: listing them, creating and renaming organisations, acting in another
// tenant (a new token pair in the same auth session) and leaving an organisation.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TLoginResponse } from '../../contract/auth';
import { ORGANISATION_LIMITS, type TTenantSummary } from '../../contract/organisations';
import { authSessionRepository, isSessionActive } from '../identity/auth-session-repository';
import type { CallerContext, IdentityDeps } from '../identity/identity-context';
import { membershipRepository, newMembership, type MembershipRecord } from '../identity/membership-repository';
import { sessionIdOf } from '../identity/sign-in-service';
import { fullName, userRepository } from '../identity/user-repository';
import { revokeAllApiKeys } from '../api-keys/api-key-service';
import { organisationRepository, type OrganisationRecord } from './organisation-repository';

export type TenantCaller = CallerContext & { deps: Pick<IdentityDeps, 'tokens' | 'now'> };

const PERSONAL_NAME = 'Personal';

function summaryOf(
  membership: MembershipRecord,
  organisation: OrganisationRecord | undefined,
  activeTenantId: string,
): TTenantSummary {
  return {
    tenant_id: membership.tenant_id,
    name: organisation?.name ?? PERSONAL_NAME,
    kind: organisation ? 'organisation' : 'personal',
    role: membership.role,
    active: membership.tenant_id === activeTenantId,
    disabled: membership.disabled,
  };
}

/** Personal first, then organisations by name. */
export async function listTenants(ctx: CallerContext): Promise<TTenantSummary[]> {
  const { auth } = ctx;
  const tenants = await ctx.tenant.transact(async (tx) => {
    const memberships = await membershipRepository.listForUser(tx.identity, auth.userId);
    const organisations = await Promise.all(
      memberships.map(async (membership) =>
        membership.tenant_id === auth.homeTenantId ? undefined : organisationRepository.get(tx.identity, membership.tenant_id),
      ),
    );
    return memberships.map((membership, index) => summaryOf(membership, organisations[index], auth.tenantId));
  });
  return tenants.sort((a, b) => Number(b.kind === 'personal') - Number(a.kind === 'personal') || a.name.localeCompare(b.name));
}

export async function createOrganisation(ctx: CallerContext, name: string): Promise<TTenantSummary> {
  const now = ctx.deps.now().toISOString();
  const organisation: OrganisationRecord = {
    tenant_id: randomUUID(),
    name,
    created_by: ctx.auth.userId,
    created_at: now,
    updated_at: now,
  };
  const membership = newMembership({
    user_id: ctx.auth.userId,
    tenant_id: organisation.tenant_id,
    role: 'Admin',
    now: ctx.deps.now(),
  });
  await ctx.tenant.transact(async (tx) => {
    const created = await organisationRepository.countCreatedBy(tx.identity, ctx.auth.userId, ORGANISATION_LIMITS.createdPerUser);
    if (created >= ORGANISATION_LIMITS.createdPerUser) {
      throw new AppError('CONFLICT', `You have created ${created} organisations, the most one user may`);
    }
    organisationRepository.put(tx.identity, organisation);
    membershipRepository.put(tx.identity, membership);
  });
  return summaryOf(membership, organisation, ctx.auth.tenantId);
}

/** The organisation the call acts in; a personal tenant answers 409 (it has no name to change, nobody to share it). */
export async function currentOrganisation(identity: Parameters<typeof organisationRepository.get>[0], tenantId: string) {
  const organisation = await organisationRepository.get(identity, tenantId);
  if (!organisation) {
    throw new AppError(
      'CONFLICT',
      'This is your personal workspace, not an organisation: create an organisation to work with others',
    );
  }
  return organisation;
}

export async function renameOrganisation(ctx: CallerContext, name: string): Promise<TTenantSummary> {
  const now = ctx.deps.now().toISOString();
  return ctx.tenant.transact(async (tx) => {
    const [organisation, membership] = await Promise.all([
      currentOrganisation(tx.identity, ctx.auth.tenantId),
      membershipRepository.get(tx.identity, ctx.auth.userId, ctx.auth.tenantId),
    ]);
    const renamed = { ...organisation, name, updated_at: now };
    organisationRepository.put(tx.identity, renamed);
    return summaryOf(membership!, renamed, ctx.auth.tenantId);
  });
}

/**
 * A new token pair acting in `tenantId`, in the caller's auth session: the session's refresh
 * token is rotated (the previous one is retired, as by a refresh), and the next sign-in lands
 * there too.
 */
export async function switchTenant(ctx: TenantCaller, tenantId: string): Promise<TLoginResponse> {
  const { deps, auth } = ctx;
  const sid = sessionIdOf(auth);
  const now = deps.now();
  const refreshJti = randomUUID();
  const switched = await ctx.home.transact(async (tx) => {
    const { identity } = tx;
    const [membership, user, session] = await Promise.all([
      membershipRepository.get(identity, auth.userId, tenantId),
      userRepository.get(identity, auth.userId),
      authSessionRepository.get(tx, sid),
    ]);
    if (!membership) throw new AppError('NOT_FOUND', 'You are not a member of this tenant');
    if (membership.disabled) {
      throw new AppError('MEMBERSHIP_ENDED', 'Your access to this organisation has been disabled by an Admin');
    }
    if (!user || !isSessionActive(session, auth.userId, now)) throw new AppError('UNAUTHORIZED', 'The session has ended');
    const lifetime = deps.tokens.sessionLifetime(new Date(session!.created_at), session!.absolute_expires_at);
    authSessionRepository.put(tx, {
      ...session!,
      refresh_jti: refreshJti,
      generation: session!.generation + 1,
      last_refreshed_at: now.toISOString(),
      expires_at: lifetime.refreshExpiresAt.toISOString(),
      absolute_expires_at: lifetime.absoluteEnd.toISOString(),
    });
    if (user.last_tenant_id !== tenantId) {
      userRepository.put(identity, { ...user, last_tenant_id: tenantId, updated_at: now.toISOString() });
    }
    membershipRepository.put(identity, { ...membership, last_active_at: now.toISOString() });
    return { user, membership, refreshExpiresAt: lifetime.refreshExpiresAt };
  });
  const { user, membership } = switched;
  const { tokens } = await deps.tokens.issuePair(
    { userId: user.user_id, tenantId, homeTenantId: user.tenant_id, email: user.email, role: membership.role, sid },
    refreshJti,
    switched.refreshExpiresAt,
  );
  return {
    user: { user_id: user.user_id, tenant_id: tenantId, email: user.email, full_name: fullName(user), role: membership.role },
    tokens,
  };
}

/**
 * Ends the caller's membership of the organisation the call acts in (their API keys there are
 * revoked) and answers a pair for their personal tenant. An organisation keeps at least one Admin.
 */
export async function leaveOrganisation(ctx: TenantCaller): Promise<TLoginResponse> {
  const { auth } = ctx;
  await ctx.tenant.transact(async (tx) => {
    await currentOrganisation(tx.identity, auth.tenantId);
    const members = await membershipRepository.listForTenant(tx.identity, auth.tenantId);
    const otherAdmins = members.filter((member) => member.role === 'Admin' && !member.disabled && member.user_id !== auth.userId);
    if (auth.role === 'Admin' && otherAdmins.length === 0) {
      throw new AppError(
        'CONFLICT',
        'You are the last Admin of this organisation: make another member an Admin first, or delete the organisation',
      );
    }
    membershipRepository.remove(tx.identity, auth.userId, auth.tenantId);
    await revokeAllApiKeys(tx, auth.userId);
  });
  return switchTenant(ctx, auth.homeTenantId);
}
