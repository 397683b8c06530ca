// The caller's tenants (tenants.list) and their role where they act now (users.me), for the
// switcher, the Members page and every control that depends on the role.
import { roleMayCall, type AnyOperation, type TRole, type TTenantSummary } from '@coditect/api/contract';
import { trpc } from '../api/trpc';

/** How often the tenants are asked again: it also notices an ended membership while the tab is idle. */
const TENANTS_POLL_MS = 60_000;

export function useTenants() {
  const tenants = trpc.tenants.list.useQuery(undefined, { staleTime: 30_000, refetchInterval: TENANTS_POLL_MS });
  const active: TTenantSummary | undefined = tenants.data?.find((tenant) => tenant.active);
  return { tenants, active };
}

/** The caller's role in the tenant they act in; undefined until known. */
export function useRole(): TRole | undefined {
  return trpc.users.me.useQuery(undefined, { staleTime: 60_000 }).data?.role;
}

/**
 * Whether the caller's role may call `operation` (the contract's own rule, the one the server
 * enforces): false until the role is known, so a control the role would be refused never flashes.
 */
export function useMayCall(operation: AnyOperation): boolean {
  const role = useRole();
  return role !== undefined && roleMayCall(role, operation);
}

/** Whether the caller's role is known to be refused `operation` (for what may start usable, like the editor). */
export function useRoleRefuses(operation: AnyOperation): boolean {
  const role = useRole();
  return role !== undefined && !roleMayCall(role, operation);
}
