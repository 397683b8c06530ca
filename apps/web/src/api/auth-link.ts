// A tRPC link that puts a valid access token on every protected call and, when the server answers
// that the token expired or is no longer valid, refreshes once and sends the call again.
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import type { AppRouter } from '@coditect/api';
import type { TokenKeeper } from '../auth/token-keeper';
import { apiErrorCode } from './api-error';
import { isPublicOperation } from './public-operations';

/** Where the token rides in the operation context, for the transport link's headers. */
export const ACCESS_TOKEN_CONTEXT = 'accessToken';

type TokenSource = Pick<TokenKeeper, 'accessToken' | 'tokenAfterRejection'>;

export interface AuthLinkOptions {
  /**
   * A call made with `token` was refused because the caller's membership of the tenant it acts in
   * ended (MEMBERSHIP_ENDED). The call still fails: it is never sent again in another tenant.
   */
  onMembershipEnded?: (token: string, message: string) => void;
  /**
   * A call was refused for the caller's role (FORBIDDEN): the role may have changed since the page
   * read it. The call still fails.
   */
  onForbidden?: () => void;
}

export function authLink(tokens: TokenSource, options: AuthLinkOptions = {}): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        let closed = false;

        const send = (token: string | null, isRetry: boolean) => {
          if (closed) return;
          subscription = next({ ...op, context: { ...op.context, [ACCESS_TOKEN_CONTEXT]: token } }).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const code = apiErrorCode(error);
              if (token !== null && code === 'MEMBERSHIP_ENDED') options.onMembershipEnded?.(token, error.message);
              if (token !== null && code === 'FORBIDDEN') options.onForbidden?.();
              if (isRetry || token === null || !isRejectedToken(error)) {
                observer.error(error);
                return;
              }
              tokens.tokenAfterRejection(token).then(
                (fresh) => (fresh !== null && fresh !== token ? send(fresh, true) : observer.error(error)),
                () => observer.error(error),
              );
            },
          });
        };

        const token = isPublicOperation(op.path) ? Promise.resolve(null) : tokens.accessToken();
        token.then(
          (value) => send(value, false),
          (cause: unknown) => observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause)))),
        );
        return () => {
          closed = true;
          subscription?.unsubscribe();
        };
      });
}

/** 401s that a fresh token can fix (not e.g. INVALID_PASSWORD, which is also a 401). */
function isRejectedToken(error: TRPCClientError<AppRouter>): boolean {
  const code = apiErrorCode(error);
  return code === 'UNAUTHORIZED' || code === 'TOKEN_EXPIRED';
}

/** The Authorization header for a batch: any token among its operations (public ones carry none). */
export function authorizationHeader(opList: readonly { context: Record<string, unknown> }[]): Record<string, string> {
  for (const op of opList) {
    const token = op.context[ACCESS_TOKEN_CONTEXT];
    if (typeof token === 'string') return { authorization: `Bearer ${token}` };
  }
  return {};
}
