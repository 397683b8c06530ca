// The roles a member of a tenant has, from the least to the most it may do. Browser-safe.
import { z } from 'zod';

export const ROLES = ['Admin', 'Developer', 'Manager', 'Viewer'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Each role may do everything the roles ranked below it may. */
export const ROLE_RANK: Readonly<Record<TRole, number>> = { Viewer: 0, Developer: 1, Manager: 2, Admin: 3 };

/** The roles from the least to the most privileged. */
export const ROLES_BY_RANK: readonly TRole[] = [...ROLES].sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b]);

export function roleAtLeast(role: TRole, least: TRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}
