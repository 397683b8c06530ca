// Which error codes a REST route can answer: those any call of its kind can get through the shim
// and the middlewares, plus the domain errors its meta declares.
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '@coditect/api/contract';
import type { RestRoute } from '../rest/route-table';

export function errorCodesFor(route: RestRoute): ErrorCode[] {
  const { meta } = route.operation;
  const codes = new Set<ErrorCode>(meta.errors ?? []);
  const hasInput = route.operation.input !== undefined;
  // The shim parses every non-GET body as JSON, even for operations without input.
  if (hasInput || route.method !== 'GET') codes.add('VALIDATION_ERROR');
  if (route.method !== 'GET') codes.add('PAYLOAD_TOO_LARGE');
  if (meta.access !== 'public') {
    // Bad or ended credentials; API keys outside their scope, disabled owners; per-caller limits.
    for (const code of ['UNAUTHORIZED', 'TOKEN_EXPIRED', 'FORBIDDEN', 'ACCOUNT_DISABLED', 'RATE_LIMIT_EXCEEDED'] as const) {
      codes.add(code);
    }
  }
  codes.add('INTERNAL_ERROR');
  codes.add('SERVICE_UNAVAILABLE');
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
