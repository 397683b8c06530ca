import { describe, expect, it } from 'vitest';
import type { TTenantSummary, TTokenPair } from '@coditect/api/contract';
import type { TenantCalls } from '../api/api-client';
import { tokenTenant } from '../auth/stored-tokens';
import { fakeJwt } from '../auth/test-support/fake-tabs';
import { createTenantSwitcher, TenantNotices, tenantNoticeText, type TenantNotice } from './tenant-switcher';

const PERSONAL = '00000000-0000-4000-8000-00000000000a';
const ACME = '00000000-0000-4000-8000-0000000000ac';

function pairIn(tenantId: string): TTokenPair {
  return {
    access_token: fakeJwt({ sub: 'u', tenant_id: tenantId }),
    refresh_token: fakeJwt({ sub: 'u', tenant_id: tenantId, jti: crypto.randomUUID() }),
    expires_at: '2026-12-04T12:00:00.000Z',
    refresh_expires_at: '2026-12-30T12:00:00.000Z',
  };
}

function tenant(tenantId: string, name: string, options: Partial<TTenantSummary> = {}): TTenantSummary {
  return {
    tenant_id: tenantId,
    name,
    kind: tenantId === PERSONAL ? 'personal' : 'organisation',
    role: 'Developer',
    active: false,
    disabled: false,
    ...options,
  };
}

/** A browser acting in `start`, whose server lists `listed` and switches on request. */
function browser(start: string, listed: TTenantSummary[]) {
  let access = pairIn(start).access_token;
  const switches: string[] = [];
  const notices: (TenantNotice | null)[] = [];
  const calls: TenantCalls = {
    listTenants: async () => listed,
    switchTenant: async (_token, tenantId) => {
      switches.push(tenantId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return pairIn(tenantId);
    },
    leaveOrganisation: async () => pairIn(PERSONAL),
    deleteOrganisation: async () => pairIn(PERSONAL),
    acceptInvitation: async () => pairIn(ACME),
  };
  const switcher = createTenantSwitcher({
    keeper: {
      getSnapshot: () => ({ signedIn: true, userId: 'u', tenantId: tokenTenant(access), lastSignOutReason: null }),
      exchange: async (call) => {
        const pair = await call(access);
        if (!pair) return false;
        access = pair.access_token;
        return true;
      },
    },
    calls,
    notices: { show: (notice) => notices.push(notice) },
    knownTenantName: (tenantId) => (tenantId === ACME ? 'Acme (cached)' : undefined),
  });
  return { switcher, switches, notices, tenantNow: () => tokenTenant(access) };
}

describe('createTenantSwitcher: an ended membership', () => {
  it('goes back to the personal tenant once, however many calls report it, naming the organisation from the cache', async () => {
    const b = browser(ACME, [tenant(PERSONAL, 'Personal', { role: 'Admin', active: true })]);
    await Promise.all([
      b.switcher.membershipEnded(ACME, 'You are no longer a member of this organisation'),
      b.switcher.membershipEnded(ACME, 'You are no longer a member of this organisation'),
    ]);
    expect(b.switches).toEqual([PERSONAL]);
    expect(b.tenantNow()).toBe(PERSONAL);
    expect(b.notices).toEqual([{ organisation: 'Acme (cached)', disabled: false }]);
    expect(tenantNoticeText(b.notices[0]!)).toMatch(/^Your access to Acme \(cached\) ended/);
  });

  it('says "disabled" when the organisation lists the caller as disabled', async () => {
    const b = browser(ACME, [tenant(PERSONAL, 'Personal', { active: true }), tenant(ACME, 'Acme', { disabled: true })]);
    await b.switcher.membershipEnded(ACME, 'Your access to this organisation has been disabled by an Admin');
    expect(b.notices).toEqual([{ organisation: 'Acme', disabled: true }]);
    expect(tenantNoticeText(b.notices[0]!)).toMatch(/^Your access to Acme was disabled/);
  });

  it('ignores a report about a tenant this browser has left already, or whose membership stands', async () => {
    const left = browser(PERSONAL, [tenant(PERSONAL, 'Personal', { active: true })]);
    await left.switcher.membershipEnded(ACME, 'ended');
    expect(left.switches).toEqual([]);

    const standing = browser(ACME, [tenant(PERSONAL, 'Personal'), tenant(ACME, 'Acme', { active: true })]);
    await standing.switcher.membershipEnded(ACME, 'ended');
    expect(standing.switches).toEqual([]);
    expect(standing.notices).toEqual([]);
  });
});

describe('createTenantSwitcher: chosen moves', () => {
  it('switches, leaves and accepts through the keeper’s exchange', async () => {
    const b = browser(PERSONAL, []);
    expect(await b.switcher.switchTo(ACME)).toBe(true);
    expect(b.tenantNow()).toBe(ACME);
    expect(await b.switcher.leave()).toBe(true);
    expect(b.tenantNow()).toBe(PERSONAL);
    expect(await b.switcher.acceptInvitation('invitation-token')).toBe(true);
    expect(b.tenantNow()).toBe(ACME);
    // Each chosen move clears the notice of an earlier ended membership.
    expect(b.notices).toEqual([null, null, null]);
  });
});

describe('TenantNotices', () => {
  it('shows one notice until dismissed, telling its subscribers', () => {
    const notices = new TenantNotices();
    let changes = 0;
    notices.subscribe(() => (changes += 1));
    notices.show({ organisation: 'Acme', disabled: false });
    expect(notices.getSnapshot()).toEqual({ organisation: 'Acme', disabled: false });
    notices.dismiss();
    expect(notices.getSnapshot()).toBeNull();
    expect(changes).toBe(2);
  });
});
