// Who may call what, by role: one rule fed from each operation's contract. An operation names the
// least role that may call it (`meta.role`); without one, reading (a query) is for every role,
// changing anything (a mutation) or streaming (a subscription) for Developers and up, and an
// operation of `admin` access for Admins. Own-account operations (profile, password, settings,
// keys, sign-out) name `Viewer`. The policy middleware (procedure.ts) enforces it; docs/permissions.md
// is generated from it. Browser-safe: the web app asks it which actions to offer.
import type { AnyOperation } from './operation';
import { roleAtLeast, type TRole } from './roles';

/** The least role that may call the operation; null for public operations (no caller). */
export function leastRoleFor(operation: AnyOperation): TRole | null {
  const { access, role } = operation.meta;
  if (access === 'public') return null;
  if (access === 'admin') return 'Admin';
  if (role) return role;
  return operation.type === 'query' ? 'Viewer' : 'Developer';
}

export function roleMayCall(role: TRole, operation: AnyOperation): boolean {
  const least = leastRoleFor(operation);
  return least === null || roleAtLeast(role, least);
}
