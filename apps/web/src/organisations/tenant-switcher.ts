// Moving the signed-in user between their tenants: choosing one, leaving an organisation, joining
// one through an invitation, and — when a call answers MEMBERSHIP_ENDED — going back to their
// personal tenant with a notice. Each answers a new token pair that replaces the stored one while
// the token keeper holds its refresh lock; the auth provider then clears what was cached for the
// tenant left (every tab sees the new pair's tenant).
import type { TTokenPair } from '@coditect/api/contract';
import type { TenantCalls } from '../api/api-client';
import { tokenTenant } from '../auth/stored-tokens';
import type { TokenKeeper } from '../auth/token-keeper';

/** What the shell says after a membership ended: "Your access to Acme ended" / "was disabled". */
export interface TenantNotice {
  organisation: string;
  disabled: boolean;
}

export function tenantNoticeText(notice: TenantNotice): string {
  return notice.disabled
    ? `Your access to ${notice.organisation} was disabled by an Admin. You are in your personal workspace now.`
    : `Your access to ${notice.organisation} ended. You are in your personal workspace now.`;
}

/** The notice being shown, for useSyncExternalStore; it outlives the IDE's remount on a tenant change. */
export class TenantNotices {
  private current: TenantNotice | null = null;
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): TenantNotice | null => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  show(notice: TenantNotice | null): void {
    this.current = notice;
    for (const listener of this.listeners) listener();
  }

  dismiss = (): void => this.show(null);
}

export interface TenantSwitcherDeps {
  keeper: Pick<TokenKeeper, 'exchange' | 'getSnapshot'>;
  calls: TenantCalls;
  notices: Pick<TenantNotices, 'show'>;
  /** The name this browser last saw for a tenant (a removed member's tenants.list no longer has it). */
  knownTenantName(tenantId: string): string | undefined;
}

export interface TenantSwitcher {
  /** Acts in another of the caller's tenants; resolves to whether the pair changed. */
  switchTo(tenantId: string): Promise<boolean>;
  /** Leaves the organisation acted in, for the personal tenant. */
  leave(): Promise<boolean>;
  /** Deletes the organisation acted in (an Admin, its name typed as `confirm`), for the personal tenant. */
  deleteOrganisation(confirm: string): Promise<boolean>;
  /** Accepts an invitation (its link's token) as the signed-in user, acting in its organisation. */
  acceptInvitation(invitationToken: string): Promise<boolean>;
  /**
   * A call acting in `tenantId` answered MEMBERSHIP_ENDED (or tenants.list no longer lists it as
   * usable): unless this browser has moved on already, or the caller's tenants say the membership
   * stands, switch to the personal tenant and say why. Concurrent reports make one switch.
   */
  membershipEnded(tenantId: string | null, message: string): Promise<void>;
}

export function createTenantSwitcher(deps: TenantSwitcherDeps): TenantSwitcher {
  const exchange = (call: (accessToken: string) => Promise<TTokenPair | null>) => deps.keeper.exchange(call);
  let leaving: Promise<void> | null = null;

  const leaveEnded = async (ended: string, message: string): Promise<void> => {
    let notice: TenantNotice | null = null;
    const replaced = await exchange(async (current) => {
      // Another tab (or an earlier report) already left that tenant.
      if (tokenTenant(current) !== ended) return null;
      const tenants = await deps.calls.listTenants(current);
      const personal = tenants.find((tenant) => tenant.kind === 'personal');
      if (!personal || personal.tenant_id === ended) return null;
      const entry = tenants.find((tenant) => tenant.tenant_id === ended);
      if (entry && !entry.disabled) return null;
      notice = {
        organisation: entry?.name ?? deps.knownTenantName(ended) ?? 'this organisation',
        disabled: entry ? entry.disabled : /disabled/i.test(message),
      };
      return deps.calls.switchTenant(current, personal.tenant_id);
    });
    if (replaced && notice) deps.notices.show(notice);
  };

  /** A move the user chose: the notice of an earlier ended membership is over. */
  const chosen = async (call: (accessToken: string) => Promise<TTokenPair>) => {
    const replaced = await exchange(call);
    if (replaced) deps.notices.show(null);
    return replaced;
  };

  return {
    switchTo: (tenantId) => chosen((token) => deps.calls.switchTenant(token, tenantId)),
    leave: () => chosen((token) => deps.calls.leaveOrganisation(token)),
    deleteOrganisation: (confirm) => chosen((token) => deps.calls.deleteOrganisation(token, confirm)),
    acceptInvitation: (invitationToken) => chosen((token) => deps.calls.acceptInvitation(token, invitationToken)),
    membershipEnded(ended, message) {
      if (!ended || ended !== deps.keeper.getSnapshot().tenantId) return Promise.resolve();
      leaving ??= leaveEnded(ended, message)
        .catch(() => undefined)
        .finally(() => {
          leaving = null;
        });
      return leaving;
    },
  };
}
