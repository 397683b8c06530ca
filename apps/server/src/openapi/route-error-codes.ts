// Which error codes a REST route can answer: those any call of its kind can get, plus the domain
// errors its meta declares (both from the contract), in the contract's code order.
import { ERROR_CODES, ERROR_STATUS, errorCodesOf, type ErrorCode } from '@coditect/api/contract';
import type { RestRoute } from '../rest/route-table';

export function errorCodesFor(route: RestRoute): ErrorCode[] {
  const codes = errorCodesOf(route.operation);
  return ERROR_CODES.filter((code) => codes.has(code));
}

/** The codes grouped by HTTP status, in status order. */
export function errorCodesByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}
