// The token keeper wired to what the browser offers: localStorage, Web Locks (or a lease),
// BroadcastChannel, and auth.refresh on its own tRPC client.
import { apiErrorCode } from '../api/api-error';
import { createRefreshCall } from '../api/api-client';
import { browserCrossTabLock } from './cross-tab-lock';
import { broadcastTabChannel } from './tab-channel';
import { TokenKeeper } from './token-keeper';
import { localTokenStorage } from './token-storage';

/** A refresh answered with one of these will never succeed: the session is over. */
const SESSION_ENDED_CODES = new Set(['UNAUTHORIZED', 'TOKEN_EXPIRED', 'TOKEN_REUSED', 'VALIDATION_ERROR', 'ACCOUNT_DISABLED']);

export function createBrowserTokenKeeper(): TokenKeeper {
  return new TokenKeeper({
    storage: localTokenStorage(localStorage, window),
    lock: browserCrossTabLock(),
    channel: broadcastTabChannel(),
    refresh: createRefreshCall(),
    isSessionEnded: (error) => SESSION_ENDED_CODES.has(apiErrorCode(error)),
  });
}
