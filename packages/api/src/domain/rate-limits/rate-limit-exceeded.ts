// The 429 answer. The message names the limit that was hit; the window's name travels with the
// error (not in the response body) so the audit trail can record it.
import { AppError } from '../../errors/app-error';
import { retryAfterSeconds, type RateLimitPolicy, type RateLimitWindowStatus } from './rate-limit-gate';

const WHAT_IS_COUNTED: Record<RateLimitPolicy, string> = {
  user: 'requests per user',
  tenant: 'requests per tenant',
  login: 'login attempts per email address and client IP',
  login_ip: 'failed sign-ins per client IP',
  login_account: 'failed sign-ins per account from addresses it has not signed in from',
  register: 'registrations per client IP',
  refresh: 'token refreshes per client IP',
  messages: 'messages per user',
  tasks: 'task creations per user',
  mail: 'mails per address (verification and reset links)',
  oauth: 'provider sign-ins per client IP',
};

export class RateLimitExceededError extends AppError {
  override readonly name = 'RateLimitExceededError';

  constructor(readonly window: RateLimitWindowStatus) {
    const retryAfter = retryAfterSeconds(window);
    super(
      'RATE_LIMIT_EXCEEDED',
      `Rate limit exceeded (${window.limit} ${WHAT_IS_COUNTED[window.policy]} per ${describeWindow(window.windowSeconds)}). ` +
        `Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
      undefined,
      retryAfter,
    );
  }
}

/** 60 → "minute", 900 → "15 minutes", 86400 → "day". */
export function describeWindow(seconds: number): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds % size === 0) {
      const count = seconds / size;
      return count === 1 ? unit : `${count} ${unit}s`;
    }
  }
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}
