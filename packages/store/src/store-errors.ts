export type StoreLimitKind = 'empty_key' | 'key_too_large' | 'value_too_large' | 'transaction_too_large';

/** A write broke one of STORE_LIMITS; never retried. */
export class StoreLimitError extends Error {
  override readonly name = 'StoreLimitError';
  constructor(
    readonly kind: StoreLimitKind,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`store limit exceeded: ${kind} (${size} bytes, limit ${limit})`);
  }
}

/** The transaction kept conflicting until its retry limit or deadline ran out. */
export class TransactionConflictError extends Error {
  override readonly name = 'TransactionConflictError';
  constructor(readonly attempts: number) {
    super(`transaction not committed after ${attempts} conflicting attempts`);
  }
}

/** The transaction ran past its deadline. */
export class TransactionTimeoutError extends Error {
  override readonly name = 'TransactionTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`transaction timed out after ${timeoutMs} ms`);
  }
}

/** The store is closed or its backend cannot be reached. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
