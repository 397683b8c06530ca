// How long an embedded transaction waits before retrying after a conflict: exponential backoff
// with full jitter, so contenders for one key spread out instead of colliding again.
const FIRST_CEILING_MS = 2;
const MAX_CEILING_MS = 100;

/** Delay before the retry that follows failed attempt number `attempt` (1-based). */
export function conflictBackoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_CEILING_MS, FIRST_CEILING_MS * 2 ** Math.min(attempt - 1, 16));
  return Math.random() * ceiling;
}
