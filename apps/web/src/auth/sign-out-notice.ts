import type { SignOutReason } from './tab-channel';

/** What the sign-in page says about how the last session ended. */
export const SIGN_OUT_NOTICES: Record<SignOutReason, string | null> = {
  'signed-out': null,
  'session-ended': 'Your session has ended. Sign in again to continue.',
  'password-changed': 'Your password was changed and every session was signed out. Sign in with the new password.',
};
