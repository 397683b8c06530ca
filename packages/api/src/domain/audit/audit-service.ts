// Reading a tenant's audit trail: newest first, filtered by event type, user and time range, in
// cursor pages. A time range becomes a sequence range (entries are in time order by sequence);
// an indexed event type is read from its index, anything else is filtered while walking the
// chain backwards, within a bounded number of rows per page, so one request never scans a whole
// trail — a page cut short by that bound still carries a cursor to go on from.
import { z } from 'zod';
import type { ScopedTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { TAuditEntry, TListAuditRequest, TListAuditResponse } from '../../contract/audit';
import type { TenantScope } from '../../storage/tenant-scope';
import { auditRepository, isIndexedType } from './audit-repository';

/** Rows examined per page at most. */
export const AUDIT_SCAN_BUDGET = 2000;
const READ_CHUNK = 200;

interface Row {
  sequence: number;
  entry: TAuditEntry | undefined;
}

export async function listAuditEntries(tenant: TenantScope, input: TListAuditRequest): Promise<TListAuditResponse> {
  const before = input.cursor ? decodeAuditCursor(input.cursor) : undefined;
  const indexedType = input.event_type && isIndexedType(input.event_type) ? input.event_type : undefined;
  const matches = (entry: TAuditEntry) =>
    (!input.event_type || entry.event_type === input.event_type) && (!input.user_id || entry.user_id === input.user_id);

  return tenant.transact(async (tx) => {
    const head = await auditRepository.head(tx);
    let highest = before === undefined ? head.sequence : Math.min(head.sequence, before - 1);
    if (input.to) highest = await lastSequenceAtOrBefore(tx, Date.parse(input.to), highest);
    const lowest = input.from ? await firstSequenceAtOrAfter(tx, Date.parse(input.from), head.sequence) : 1;

    const found: Array<{ sequence: number; entry: TAuditEntry }> = [];
    let examined = 0;
    let next = highest;
    let exhausted = false;
    while (found.length <= input.limit) {
      const chunk = Math.min(READ_CHUNK, AUDIT_SCAN_BUDGET - examined);
      if (next < lowest) exhausted = true;
      if (exhausted || chunk <= 0) break;
      const rows: Row[] = indexedType
        ? await Promise.all(
            (await auditRepository.sequencesOfTypeNewestFirst(tx, indexedType, lowest, next, chunk)).map(async (sequence) => ({
              sequence,
              entry: await auditRepository.entry(tx, sequence),
            })),
          )
        : await auditRepository.entriesNewestFirst(tx, lowest, next, chunk);
      if (rows.length < chunk) exhausted = true;
      for (const row of rows) {
        examined += 1;
        next = row.sequence - 1;
        if (row.entry && matches(row.entry)) {
          found.push({ sequence: row.sequence, entry: row.entry });
          if (found.length > input.limit) break;
        }
      }
    }
    const page = found.slice(0, input.limit);
    let cursor: number | undefined;
    if (found.length > input.limit) cursor = page[page.length - 1]!.sequence;
    else if (!exhausted && next >= lowest) cursor = next + 1;
    return {
      entries: page.map(({ entry }) => entry),
      count: page.length,
      next_cursor: cursor === undefined ? null : encodeAuditCursor(cursor),
    };
  });
}

/** The last sequence at or below `highest` whose entry was created at or before `ms` (0: none). */
async function lastSequenceAtOrBefore(tx: ScopedTransaction, ms: number, highest: number): Promise<number> {
  let low = 0;
  let high = highest;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const entry = await auditRepository.entryAtOrBefore(tx, middle);
    if (!entry || Date.parse(entry.created_at) <= ms) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The first sequence whose entry was created at or after `ms` (head + 1: none). */
async function firstSequenceAtOrAfter(tx: ScopedTransaction, ms: number, headSequence: number): Promise<number> {
  let low = 1;
  let high = headSequence + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const entry = await auditRepository.entryAtOrBefore(tx, middle);
    if (entry && Date.parse(entry.created_at) >= ms) high = middle;
    else low = middle + 1;
  }
  return low;
}

const ZCursor = z.tuple([z.number().int().min(1)]);

/** The cursor names the last sequence served; the next page starts below it. */
export function encodeAuditCursor(sequence: number): string {
  return Buffer.from(JSON.stringify([sequence])).toString('base64url');
}

export function decodeAuditCursor(cursor: string): number {
  try {
    const [sequence] = ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return sequence;
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}
