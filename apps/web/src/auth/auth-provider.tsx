// Signed-in state for the components, from the token keeper (shared with the other tabs).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TTokenPair } from '@coditect/api/contract';
import { isPublicQueryKey } from '../api/public-operations';
import { trpc } from '../api/trpc';
import type { SignOutReason } from './tab-channel';
import type { AuthSnapshot, TokenKeeper } from './token-keeper';

export interface Auth extends AuthSnapshot {
  /** Signs in with the pair that register or login answered. */
  acceptTokens(pair: TTokenPair): void;
  /** Ends the server session when it still exists, then signs out every tab. */
  signOut(reason?: SignOutReason): Promise<void>;
}

/**
 * Drops every cached answer and mutation that belonged to a user. Public answers (the sign-in
 * options) stay: the sign-in page asks for them as it mounts, before this runs.
 */
function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => !isPublicQueryKey(query.queryKey) });
  queryClient.getMutationCache().clear();
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ keeper, children }: { keeper: TokenKeeper; children: ReactNode }) {
  const snapshot = useSyncExternalStore(keeper.subscribe, keeper.getSnapshot);
  const queryClient = useQueryClient();
  const { mutateAsync: logout } = trpc.auth.logout.useMutation();

  // Whichever tab signed out, this tab's cached data belonged to that user.
  useEffect(() => {
    if (!snapshot.signedIn) forgetUserData(queryClient);
  }, [queryClient, snapshot.signedIn]);

  // Whichever tab switched tenant, everything cached here belongs to the tenant left. Cleared as the
  // keeper reports the new pair, before anything renders with it.
  const tenant = useRef(keeper.getSnapshot().tenantId);
  useEffect(
    () =>
      keeper.subscribe(() => {
        const { tenantId } = keeper.getSnapshot();
        if (tenant.current !== null && tenantId !== null && tenantId !== tenant.current) {
          void queryClient.cancelQueries();
          forgetUserData(queryClient);
        }
        tenant.current = tenantId;
      }),
    [keeper, queryClient],
  );

  const acceptTokens = useCallback(
    (pair: TTokenPair) => {
      // Nothing cached for a previous user may show for this one.
      forgetUserData(queryClient);
      keeper.signedIn(pair);
    },
    [keeper, queryClient],
  );

  const signOut = useCallback(
    async (reason: SignOutReason = 'signed-out') => {
      // After a password change the server has already ended every session.
      if (reason === 'signed-out' && keeper.currentAccessToken()) {
        await logout().catch(() => undefined);
      }
      keeper.signOut(reason);
    },
    [keeper, logout],
  );

  const value = useMemo(() => ({ ...snapshot, acceptTokens, signOut }), [snapshot, acceptTokens, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}
