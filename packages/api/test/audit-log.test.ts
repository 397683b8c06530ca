// Listing a trail: newest first, exact time bounds (by binary search over the chain), the type
// index, in-memory filters within the scan budget, and cursors that never skip or repeat.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type KvStore } from '@coditect/store';
import { appendAuditEntries } from '../src/domain/audit/audit-writer';
import { AUDIT_SCAN_BUDGET, listAuditEntries } from '../src/domain/audit/audit-service';
import type { AuditEntryDraft } from '../src/domain/audit/audit-chain';
import { createTenantScope, type TenantScope } from '../src/storage/tenant-scope';
import { ZListAuditRequest, type TAuditEventType, type TListAuditRequest } from '../src/contract/audit';

const TENANT = 'b1b2c3d4-0000-5000-8000-000000000001';
const ALICE = 'b1b2c3d4-0000-4000-8000-00000000000a';
const BOB = 'b1b2c3d4-0000-4000-8000-00000000000b';
const START = Date.parse('2026-01-01T00:00:00.000Z');

function draft(index: number, eventType: TAuditEventType, userId: string, at: number): AuditEntryDraft {
  return {
    tenant_id: TENANT,
    user_id: userId,
    event_type: eventType,
    endpoint: '/x',
    method: 'GET',
    status_code: 200,
    error_code: null,
    ip_address: null,
    user_agent: null,
    request_body: { index },
    response_time_ms: 1,
    request_id: `r${index}`,
    procedure: 'x',
    details: null,
    created_at: new Date(at).toISOString(),
  };
}

describe('listAuditEntries', () => {
  let dir: string;
  let store: KvStore;
  let tenant: TenantScope;
  const TOTAL = 5000;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-log-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
    tenant = createTenantScope(store, TENANT);
    // One entry a second; every 1000th is a mutation; Bob appears once, at index 10.
    const drafts = Array.from({ length: TOTAL }, (_, index) =>
      draft(index, index % 1000 === 999 ? 'mutation' : 'request', index === 10 ? BOB : ALICE, START + index * 1000),
    );
    for (let offset = 0; offset < TOTAL; offset += 500) await appendAuditEntries(store, drafts.slice(offset, offset + 500));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const list = (input: Partial<TListAuditRequest>) => listAuditEntries(tenant, ZListAuditRequest.parse(input));
  const indexes = (entries: Array<{ request_body: unknown }>) =>
    entries.map((entry) => (entry.request_body as { index: number }).index);

  it('serves newest first', async () => {
    const page = await list({ limit: 3 });
    expect(indexes(page.entries)).toEqual([4999, 4998, 4997]);
    expect(page.next_cursor).not.toBeNull();
  });

  it('applies inclusive time bounds exactly', async () => {
    const at = (index: number) => new Date(START + index * 1000).toISOString();
    const page = await list({ from: at(100), to: at(104), limit: 50 });
    expect(indexes(page.entries)).toEqual([104, 103, 102, 101, 100]);
    expect(page.next_cursor).toBeNull();
    expect(indexes((await list({ to: at(0) })).entries)).toEqual([0]);
    expect((await list({ from: new Date(START + TOTAL * 1000).toISOString() })).entries).toEqual([]);
    const between = await list({ from: new Date(START + 100_500).toISOString(), to: new Date(START + 101_500).toISOString() });
    expect(indexes(between.entries)).toEqual([101]);
  });

  it('reads an indexed type from its index, across the whole trail', async () => {
    const page = await list({ event_type: 'mutation', limit: 10 });
    expect(indexes(page.entries)).toEqual([4999, 3999, 2999, 1999, 999]);
    expect(page.next_cursor).toBeNull();
  });

  it('pages a filter the index does not cover within the scan budget, with a cursor to go on', async () => {
    const first = await list({ user_id: BOB, limit: 5 });
    expect(first.entries).toEqual([]);
    expect(first.next_cursor).not.toBeNull();
    const collected: number[] = [];
    let cursor = first.next_cursor;
    for (let pages = 0; cursor && pages < 10; pages += 1) {
      const next = await list({ user_id: BOB, limit: 5, cursor });
      collected.push(...indexes(next.entries));
      cursor = next.next_cursor;
    }
    expect(collected).toEqual([10]);
    expect(cursor).toBeNull();
    expect(AUDIT_SCAN_BUDGET).toBeLessThan(TOTAL);
  });

  it('walks the whole trail page by page without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await list({ limit: 200, ...(cursor ? { cursor } : {}) });
      seen.push(...indexes(page.entries));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, index) => TOTAL - 1 - index));
  });

  it('keeps a chain in time order even when entries arrive out of order', async () => {
    const other = createTenantScope(store, 'b1b2c3d4-0000-5000-8000-000000000002');
    const late = { ...draft(1, 'request', ALICE, START + 5000), tenant_id: other.tenantId };
    const early = { ...draft(2, 'request', ALICE, START + 1000), tenant_id: other.tenantId };
    const sealed = await appendAuditEntries(store, [late, early]);
    expect(sealed.map((entry) => entry.created_at)).toEqual([late.created_at, late.created_at]);
  });
});
