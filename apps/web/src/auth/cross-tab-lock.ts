// Mutual exclusion between the tabs of one origin, so only one of them refreshes the token pair
// at a time. Web Locks where the browser has them (secure contexts: https, localhost); elsewhere a
// lease in localStorage, claimed by writing it and confirming after a pause that the write stuck.
export interface CrossTabLock {
  run<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Marks a refresh token (by fingerprint) as rotated away, for `forMs`; called while holding the
   * lock, it resolves once every tab that takes the lock next can see the mark. Storage events and
   * tab messages travel separately and may arrive after the next tab already holds the lock.
   */
  markRetired(fingerprint: string, forMs: number): Promise<void>;
  /** Whether a tab marked this refresh token retired within its mark's time. */
  isMarkedRetired(fingerprint: string): Promise<boolean>;
}

export const REFRESH_LOCK_NAME = 'coditect.token-refresh';

/** The mark is a lock of its own, held for a while: the lock manager orders it with the refresh lock. */
export function webLocksLock(locks: LockManager, name = REFRESH_LOCK_NAME): CrossTabLock {
  const markName = (fingerprint: string) => `${name}.retired.${fingerprint}`;
  return {
    async run(task) {
      return await locks.request(name, { mode: 'exclusive' }, task);
    },
    markRetired(fingerprint, forMs) {
      return new Promise<void>((granted) => {
        void locks.request(markName(fingerprint), { mode: 'shared' }, () => {
          granted();
          return new Promise<void>((resolve) => setTimeout(resolve, forMs));
        });
      });
    },
    async isMarkedRetired(fingerprint) {
      const { held = [] } = await locks.query();
      return held.some((lock) => lock.name === markName(fingerprint));
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

  // Only the latest rotation matters (the lock orders them), so one key holds the mark.
  const markKey = `${name}.retired`;
  return {
    markRetired(fingerprint, forMs) {
      storage.setItem(markKey, JSON.stringify({ fingerprint, until: now() + forMs }));
      return Promise.resolve();
    },
    isMarkedRetired(fingerprint) {
      try {
        const mark = JSON.parse(storage.getItem(markKey) ?? 'null') as { fingerprint?: unknown; until?: unknown } | null;
        return Promise.resolve(mark?.fingerprint === fingerprint && typeof mark.until === 'number' && mark.until > now());
      } catch {
        return Promise.resolve(false);
      }
    },
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
