// The sessions shared in the organisation the caller acts in (sessions.shared), and what the caller
// may do with the open one: sharing exists only in an organisation, so a personal tenant asks nothing.
import { useMemo } from 'react';
import { apiContract, roleMayCall, type TSessionSharing, type TWorkspaceSession } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { useTenants } from '../organisations/use-tenants';

/** How often the list is asked again: a colleague's new share shows without a reload. */
const SHARED_POLL_MS = 30_000;

export function useSharedSessions() {
  const { active } = useTenants();
  const inOrganisation = active?.kind === 'organisation';
  const shared = trpc.sessions.shared.useQuery(undefined, {
    enabled: inOrganisation,
    staleTime: 10_000,
    refetchInterval: inOrganisation ? SHARED_POLL_MS : false,
  });
  return { inOrganisation, shared };
}

export interface SessionAccess {
  /** The caller owns the session: everything about it is theirs. Assumed until the profile says otherwise. */
  owned: boolean;
  /** How the session is shared with the organisation; `private` when it is not (or not yet known). */
  sharing: TSessionSharing;
  /** Whether the caller may write its files: their role allows files.write, and it is theirs or a `write` share. */
  mayWriteFiles: boolean;
}

/** What the caller may do with `session` (the server's rule: a share never opens more than files). */
export function useSessionAccess(session: Pick<TWorkspaceSession, 'session_id' | 'user_id'>): SessionAccess {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 }).data;
  const { shared } = useSharedSessions();
  const owned = me === undefined || me.user_id === session.user_id;
  const sharing = shared.data?.sessions.find((each) => each.session_id === session.session_id)?.sharing ?? 'private';
  // Like the editor before: usable until the role is known to be refused.
  const roleMayWrite = me === undefined || roleMayCall(me.role, apiContract.files.write);
  const mayWriteFiles = roleMayWrite && (owned || sharing === 'write');
  return useMemo(() => ({ owned, sharing, mayWriteFiles }), [owned, sharing, mayWriteFiles]);
}
