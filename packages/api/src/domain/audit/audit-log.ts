// Reading a tenant's audit trail: newest first, filtered by event type, user and time range, in
// cursor pages. The most selective index is walked backwards; a filter the index does not cover
// (event type together with a user) is applied while walking, within a bounded number of rows per
// page, so one request never scans a whole trail.
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import type { TAuditEntry, TListAuditRequest, TListAuditResponse } from '../../router/audit/audit.types';
import type { TenantScope } from '../../storage/tenant-scope';
import { auditRepository, type AuditIndex, type AuditPosition } from './audit-repository';

/** Index rows examined per page at most; past it the page ends early with a cursor to go on. */
export const AUDIT_SCAN_BUDGET = 2000;
const READ_CHUNK = 200;

export async function listAuditEntries(tenant: TenantScope, input: TListAuditRequest): Promise<TListAuditResponse> {
  const index: AuditIndex = input.user_id
    ? { by: 'user', userId: input.user_id }
    : input.event_type
      ? { by: 'type', eventType: input.event_type }
      : { by: 'time' };
  const matches = (entry: TAuditEntry) => !input.event_type || entry.event_type === input.event_type;
  const fromMs = input.from ? Date.parse(input.from) : Number.NEGATIVE_INFINITY;
  const toMs = input.to ? Date.parse(input.to) : undefined;
  let before = input.cursor ? decodeAuditCursor(input.cursor) : undefined;

  return tenant.transact(async (tx) => {
    const found: Array<{ entry: TAuditEntry; position: AuditPosition }> = [];
    let examined = 0;
    let exhausted = false;
    while (found.length <= input.limit && examined < AUDIT_SCAN_BUDGET) {
      const chunk = Math.min(READ_CHUNK, AUDIT_SCAN_BUDGET - examined);
      const positions = await auditRepository.positionsNewestFirst(tx, index, { before, toMs }, chunk);
      for (const position of positions) {
        if (position.ms < fromMs) {
          exhausted = true;
          break;
        }
        examined += 1;
        before = position;
        const entry = await auditRepository.entry(tx, position.sequence);
        if (entry && matches(entry)) {
          found.push({ entry, position });
          if (found.length > input.limit) break;
        }
      }
      if (exhausted || positions.length < chunk) {
        exhausted = true;
        break;
      }
    }
    const page = found.slice(0, input.limit);
    let next: AuditPosition | undefined;
    if (found.length > input.limit) next = page[page.length - 1]!.position;
    else if (!exhausted && before) next = before;
    return {
      entries: page.map(({ entry }) => entry),
      count: page.length,
      next_cursor: next ? encodeAuditCursor(next) : null,
    };
  });
}

const ZCursor = z.tuple([z.number().int().nonnegative(), z.number().int().min(1)]);

export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.ms, position.sequence])).toString('base64url');
}

export function decodeAuditCursor(cursor: string): AuditPosition {
  try {
    const [ms, sequence] = ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { ms, sequence };
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}
