// What a store counts about its transactions, for the server's metrics: read often, never reset.

export class StoreStats {
  /** Transactions that committed (read-only ones included). */
  committed = 0;
  /** Attempts run again after the first: conflicts, transactions too old, retryable backend errors. */
  retries = 0;
  /** Attempts that lost to a conflicting commit. */
  conflicts = 0;
}
