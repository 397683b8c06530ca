import { describe, expect, it } from 'vitest';
import type { TMember, TRole } from '@coditect/api/contract';
import { grantableRoles, memberControls, organisationControls } from './member-permissions';

function member(role: TRole, you = false): TMember {
  return {
    user_id: '00000000-0000-4000-8000-000000000001',
    email: 'grace@example.com',
    full_name: 'Grace Hopper',
    role,
    status: 'active',
    joined_at: '2026-12-01T00:00:00.000Z',
    last_active_at: null,
    you,
  };
}

describe('memberControls', () => {
  it('gives a Viewer and a Developer the list only', () => {
    for (const caller of ['Viewer', 'Developer'] as const) {
      expect(memberControls(caller, member('Viewer'))).toEqual({
        roles: [],
        mayDisable: false,
        mayRemove: false,
        lockedBecause: null,
      });
    }
  });

  it('lets a Manager manage members below Admin and grant roles up to Manager', () => {
    expect(memberControls('Manager', member('Developer'))).toEqual({
      roles: ['Viewer', 'Developer', 'Manager'],
      mayDisable: true,
      mayRemove: true,
      lockedBecause: null,
    });
    expect(memberControls('Manager', member('Manager')).mayRemove).toBe(true);
    const admin = memberControls('Manager', member('Admin'));
    expect(admin).toMatchObject({ roles: [], mayDisable: false, mayRemove: false });
    expect(admin.lockedBecause).toMatch(/Only an Admin/);
  });

  it('lets an Admin manage everyone, Admins included, and grant every role', () => {
    expect(memberControls('Admin', member('Admin'))).toEqual({
      roles: ['Viewer', 'Developer', 'Manager', 'Admin'],
      mayDisable: true,
      mayRemove: true,
      lockedBecause: null,
    });
  });

  it("locks the caller's own row", () => {
    const own = memberControls('Admin', member('Admin', true));
    expect(own).toMatchObject({ roles: [], mayDisable: false, mayRemove: false });
    expect(own.lockedBecause).toMatch(/your own/);
  });
});

describe('grantableRoles and organisationControls', () => {
  it('offers roles up to the caller’s own', () => {
    expect(grantableRoles('Viewer')).toEqual(['Viewer']);
    expect(grantableRoles('Manager')).toEqual(['Viewer', 'Developer', 'Manager']);
  });

  it('follows the contract: invitations for Managers and up, renaming, keys and the outbox for Admins, leaving for everyone', () => {
    expect(organisationControls('Viewer')).toEqual({
      invite: false,
      seeInvitations: false,
      revokeInvitations: false,
      rename: false,
      leave: true,
      delete: false,
      memberKeys: false,
      outbox: false,
    });
    expect(organisationControls('Manager')).toMatchObject({
      invite: true,
      seeInvitations: true,
      rename: false,
      memberKeys: false,
    });
    expect(organisationControls('Admin')).toMatchObject({
      invite: true,
      rename: true,
      delete: true,
      memberKeys: true,
      outbox: true,
    });
  });
});
