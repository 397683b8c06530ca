// Argon2 work is capped: as many hashes as allowed run, a few wait, the rest are refused at once.
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../src/domain/identity/passwords';
import { AppError } from '../src/errors/app-error';

describe('password hashing under a flood', () => {
  it('runs at most maxConcurrent at once, queues maxQueued, refuses the rest fast with 503 and Retry-After', async () => {
    const hasher = await createPasswordHasher({ maxConcurrent: 1, maxQueued: 2 });
    const stored = await hasher.hash('correct horse battery staple');
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        hasher.verify(stored, 'correct horse battery staple').then(
          (ok) => ({ ok, at: performance.now() - started }),
          (error: unknown) => ({ error, at: performance.now() - started }),
        ),
      ),
    );
    const refused = outcomes.filter((outcome) => 'error' in outcome);
    expect(outcomes.filter((outcome) => 'ok' in outcome && outcome.ok)).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const outcome of refused) {
      const error = (outcome as { error: unknown }).error as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect([error.code, error.retryAfter]).toEqual(['SERVICE_UNAVAILABLE', 1]);
    }
    // The refusals come before any hash finished (they never waited for one).
    const firstFinished = Math.min(...outcomes.filter((outcome) => 'ok' in outcome).map((outcome) => outcome.at));
    for (const outcome of refused) expect(outcome.at).toBeLessThan(firstFinished);
    // And the slots are free again afterwards.
    expect(await hasher.verify(stored, 'correct horse battery staple')).toBe(true);
  });
});
