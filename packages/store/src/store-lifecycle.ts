// A store's open/closed state and its transactions in flight, so close() can wait for them and
// everything after it fails with StoreUnavailableError.
import { StoreUnavailableError } from './store-errors';

export class StoreLifecycle {
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  constructor(private readonly storeName: string) {}

  assertOpen(): void {
    if (this.closing !== undefined) throw new StoreUnavailableError(`${this.storeName} is closed`);
  }

  /** Marks a transaction in flight; pair with leave(). */
  enter(): void {
    this.assertOpen();
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.onDrained?.();
  }

  /** Refuses new work at once, waits for the work in flight, then runs `release` (once). */
  close(release: () => Promise<void>): Promise<void> {
    this.closing ??= (async () => {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
      await release();
    })();
    return this.closing;
  }
}
