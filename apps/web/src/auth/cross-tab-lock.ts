// Mutual exclusion between the tabs of one origin, so only one of them refreshes the token pair
// at a time. Web Locks where the browser has them (secure contexts: https, localhost); elsewhere a
// lease in localStorage, claimed by writing it and confirming after a pause that the write stuck.
export interface CrossTabLock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export const REFRESH_LOCK_NAME = 'coditect.token-refresh';

export function webLocksLock(locks: LockManager, name = REFRESH_LOCK_NAME): CrossTabLock {
  return {
    async run(task) {
      return await locks.request(name, { mode: 'exclusive' }, task);
    },
  };
}

export interface LeaseLockOptions {
  storage: Storage;
  name?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  ownerId?: () => string;
  /** How long a claim holds if its tab dies mid-task; longer than any refresh call. */
  leaseMs?: number;
  /** How long a claimant waits for a concurrent claim to overwrite its own. */
  settleMs?: number;
  pollMs?: number;
}

interface Lease {
  owner: string;
  until: number;
}

export function leaseLock(options: LeaseLockOptions): CrossTabLock {
  const {
    storage,
    name = REFRESH_LOCK_NAME,
    now = Date.now,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    ownerId = () => crypto.randomUUID(),
    leaseMs = 15_000,
    settleMs = 40,
    pollMs = 50,
  } = options;
  const read = (): Lease | null => {
    try {
      const lease = JSON.parse(storage.getItem(name) ?? 'null') as Lease | null;
      return lease && typeof lease.owner === 'string' && typeof lease.until === 'number' ? lease : null;
    } catch {
      return null;
    }
  };
  // Tasks of this tab queue here first, so the tab never competes with itself.
  let queue: Promise<unknown> = Promise.resolve();

  async function acquire(owner: string): Promise<void> {
    for (;;) {
      const lease = read();
      if (lease === null || lease.until <= now()) {
        storage.setItem(name, JSON.stringify({ owner, until: now() + leaseMs } satisfies Lease));
        await sleep(settleMs);
        if (read()?.owner === owner) return;
      } else {
        await sleep(pollMs);
      }
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = queue.then(async () => {
        const owner = ownerId();
        await acquire(owner);
        try {
          return await task();
        } finally {
          if (read()?.owner === owner) storage.removeItem(name);
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export function browserCrossTabLock(): CrossTabLock {
  if (typeof navigator !== 'undefined' && navigator.locks) return webLocksLock(navigator.locks);
  return leaseLock({ storage: localStorage });
}
