// Calls to the REST shim for what tRPC cannot carry: bytes in (an upload's multipart body) and bytes
// out (a download). The address comes from the operation's own REST meta in the contract, the
// token from the keeper (refreshed once when the server says it expired), and a failure becomes
// the same ApiFailure-shaped error the tRPC calls give.
import { REST_PREFIX, isErrorCode, type ErrorCode, type RestMeta } from '@coditect/api/contract';
import type { TokenKeeper } from '../auth/token-keeper';
import type { AuthLinkOptions } from './auth-link';

type TokenSource = Pick<TokenKeeper, 'accessToken' | 'tokenAfterRejection'>;

/** What the REST shim answered instead of success: its envelope's error, or none readable. */
export class RestCallError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
    readonly details: unknown,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
    this.name = 'RestCallError';
  }
}

export interface RestClient {
  /** Sends the request with the access token; answers the response when it is a success. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/**
 * The operation's address: `:name` segments from `params`, a last `:name*` with a workspace path
 * (each segment percent-encoded, none for the root), and the query parameters that select it
 * where another operation shares its path (`?raw=1`).
 */
export function restUrl(rest: RestMeta | undefined, params: Record<string, string>): string {
  if (!rest) throw new Error('Not a REST operation');
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(rest.when ?? {})) if (values[0] !== undefined) query[name] = values[0];
  const segments = rest.path.split('/').flatMap((segment) => {
    const wildcard = /^:(\w+)\*$/.exec(segment);
    if (wildcard) {
      const value = params[wildcard[1] ?? ''] ?? '';
      return value === '' ? [] : value.split('/').map(encodeURIComponent);
    }
    const named = /^:(\w+)$/.exec(segment);
    if (named) return [encodeURIComponent(params[named[1] ?? ''] ?? '')];
    return [segment];
  });
  const search = Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
  return `${REST_PREFIX}${segments.join('/')}${search}`;
}

export function createRestClient(
  tokens: TokenSource,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  /** As the tRPC client's auth link: MEMBERSHIP_ENDED and FORBIDDEN are reported (the call still fails). */
  refusals: AuthLinkOptions = {},
): RestClient {
  const send = async (url: string, init: RequestInit, token: string | null) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetchImpl(url, { ...init, headers });
    } catch {
      throw new RestCallError('NETWORK_ERROR', 'Cannot reach the server', undefined, undefined);
    }
  };
  return {
    async fetch(url, init = {}) {
      const token = await tokens.accessToken();
      let response = await send(url, init, token);
      if (response.status === 401 && token) {
        const failure = await readFailure(response.clone());
        if (failure.code === 'UNAUTHORIZED' || failure.code === 'TOKEN_EXPIRED') {
          const fresh = await tokens.tokenAfterRejection(token);
          if (fresh && fresh !== token) response = await send(url, init, fresh);
        }
      }
      if (!response.ok) {
        const failure = await readFailure(response);
        if (failure.code === 'MEMBERSHIP_ENDED' && token) refusals.onMembershipEnded?.(token, failure.message);
        if (failure.code === 'FORBIDDEN' && token) refusals.onForbidden?.();
        throw failure;
      }
      return response;
    },
  };
}

async function readFailure(response: Response): Promise<RestCallError> {
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const code = body.error?.code;
    const message = body.error?.message;
    if (isErrorCode(code) && typeof message === 'string')
      return new RestCallError(code, message, body.error?.details, retryAfter);
  } catch {
    // Not the shim's envelope (a proxy's page): nothing more to say than the status.
  }
  return new RestCallError('NETWORK_ERROR', `The server answered ${response.status}`, undefined, retryAfter);
}
