// The caller's role is shown from two queries: users.me (every control that depends on it) and
// tenants.list (the switcher). When a call is refused for the role, it may have changed (an Admin's
// doing): both are asked again, so the tab catches up at once rather than at their next refresh.
import type { QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../api/trpc';

export function refreshRole(queryClient: QueryClient): void {
  for (const query of [trpc.users.me, trpc.tenants.list]) void queryClient.invalidateQueries({ queryKey: getQueryKey(query) });
}
