// Fills in and checks the options of one transact() call, the same way for every backend.
import { DEFAULT_TRANSACT_OPTIONS, type TransactOptions } from './kv-store';

export function resolveTransactOptions(options: TransactOptions | undefined): Required<TransactOptions> {
  const retryLimit = options?.retryLimit ?? DEFAULT_TRANSACT_OPTIONS.retryLimit;
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TRANSACT_OPTIONS.timeoutMs;
  if (!Number.isInteger(retryLimit) || retryLimit < 0) {
    throw new RangeError(`retryLimit must be a non-negative integer, got ${retryLimit}`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  }
  return { retryLimit, timeoutMs };
}
