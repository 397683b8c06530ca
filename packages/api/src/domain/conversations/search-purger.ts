// Purges the search postings of deleted conversations (message-search.ts › markForPurge), a bounded
// step per transaction, in the background: now and then, and whenever asked. Several processes may
// purge at once; their steps conflict and retry like any other transaction. A failed step is
// reported and tried again at the next round.
import { scopeTransaction, type KvStore } from '@coditect/store';
import { identitySpace } from '../../storage/keyspace';
import { createTenantScope } from '../../storage/tenant-scope';
import { messageSearch } from './message-search';

export interface SearchPurgerOptions {
  store: KvStore;
  /** Must not throw. */
  reportFailure: (error: unknown) => void;
  /**
   * Postings cleared per step, about (default 20,000: ~2 MB of a transaction's 10 MB, whatever the
   * messages' lengths).
   */
  postingsPerStep?: number;
  /** How often pending purges are looked for (default 10 s). */
  intervalMs?: number;
}

export class SearchPurger {
  private readonly postingsPerStep: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: SearchPurgerOptions) {
    this.postingsPerStep = options.postingsPerStep ?? 20_000;
  }

  /** Purges now and then every `intervalMs` until stopped. */
  start(): void {
    this.stopped = false;
    void this.purge();
    this.timer ??= setInterval(() => void this.purge(), this.options.intervalMs ?? 10_000).unref();
  }

  /**
   * Purges every pending conversation; resolves with how many were finished. A call while a round
   * runs makes that round go on with what was marked since.
   */
  purge(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the timer and waits for the round under way (it ends after its current step). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async rounds(): Promise<number> {
    let finished = 0;
    do {
      this.again = false;
      try {
        finished += await this.round();
      } catch (error) {
        this.options.reportFailure(error);
        return finished;
      }
    } while (this.again && !this.stopped);
    return finished;
  }

  private async round(): Promise<number> {
    const { store } = this.options;
    let finished = 0;
    for (;;) {
      const pending = await store.transact((tx) => messageSearch.pendingPurges(scopeTransaction(tx, identitySpace), 100));
      if (pending.length === 0) return finished;
      for (const [tenantId, conversationId] of pending) {
        const tenant = createTenantScope(store, tenantId);
        let done = false;
        while (!done) {
          if (this.stopped) return finished;
          done = await tenant.transact((tx) => messageSearch.purgeStep(tx, tenantId, conversationId, this.postingsPerStep));
        }
        finished += 1;
      }
    }
  }
}
