import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { leaseLock } from './cross-tab-lock';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('leaseLock (tabs without Web Locks)', () => {
  it('never runs two tabs’ tasks at once', async () => {
    const storage = memoryStorage();
    const tabs = [0, 1, 2].map(() => leaseLock({ storage, settleMs: 3, pollMs: 2 }));
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const task = (id: number) => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await sleep(4);
      order.push(id);
      running -= 1;
      return id;
    };
    const results = await Promise.all(tabs.flatMap((lock, tab) => [lock.run(task(tab * 10)), lock.run(task(tab * 10 + 1))]));
    expect(maxRunning).toBe(1);
    expect(results.sort()).toEqual([0, 1, 10, 11, 20, 21]);
    expect(order).toHaveLength(6);
    expect(storage.length).toBe(0);
  });

  it('releases the lease when a task fails', async () => {
    const storage = memoryStorage();
    const lock = leaseLock({ storage, settleMs: 1, pollMs: 1 });
    await expect(lock.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run(async () => 'next')).toBe('next');
  });

  it('takes over the lease of a tab that died holding it, once the lease runs out', async () => {
    const storage = memoryStorage();
    let now = 1_000;
    storage.setItem('coditect.token-refresh', JSON.stringify({ owner: 'closed-tab', until: now + 100 }));
    const lock = leaseLock({ storage, now: () => now, settleMs: 1, pollMs: 1, leaseMs: 100 });
    let ran = false;
    const running = lock.run(async () => {
      ran = true;
    });
    await sleep(10);
    expect(ran).toBe(false);
    now += 101;
    await running;
    expect(ran).toBe(true);
  });

  it('marks a retired refresh token for a while, one mark at a time', async () => {
    const storage = memoryStorage();
    let now = 1_000;
    const tabs = [0, 1].map(() => leaseLock({ storage, now: () => now }));
    expect(await tabs[1]!.isMarkedRetired('fp-1')).toBe(false);
    await tabs[0]!.markRetired('fp-1', 500);
    expect(await tabs[1]!.isMarkedRetired('fp-1')).toBe(true);
    expect(await tabs[1]!.isMarkedRetired('fp-2')).toBe(false);
    now += 500;
    expect(await tabs[1]!.isMarkedRetired('fp-1')).toBe(false);
    await tabs[1]!.markRetired('fp-2', 500);
    expect(await tabs[0]!.isMarkedRetired('fp-2')).toBe(true);
    expect(storage.length).toBe(1);
  });
});
