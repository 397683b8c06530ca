// Walks a tenant's audit chain from the first entry to the head and reports the first entry that
// was altered, removed or reordered. Runs page by page (one read transaction each), so a long
// chain neither holds a transaction open nor sits in memory; entries appended meanwhile (past the
// head read at the start) are left for the next run.
import type { ScopedTransaction } from '@coditect/store';
import type { TAuditChainProblem, TAuditEntry, TVerifyAuditResponse } from '../../contract/audit';
import type { TenantScope } from '../../storage/tenant-scope';
import { GENESIS_HASH, entryHash } from './audit-chain';
import { auditRepository } from './audit-repository';

const PAGE = 1000;

type ReadTenant = <T>(body: (tenant: ScopedTransaction) => Promise<T>) => Promise<T>;

export async function verifyAuditChain(tenant: TenantScope): Promise<TVerifyAuditResponse> {
  const read: ReadTenant = (body) => tenant.transact(body);
  const head = await read((tenant) => auditRepository.head(tenant));

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const report = (problem: TAuditChainProblem): TVerifyAuditResponse => ({
    ok: false,
    head_sequence: head.sequence,
    entries_checked: checked,
    problem,
  });

  let after = 0;
  while (after < head.sequence) {
    const page = await read((tenant) => auditRepository.chainPage(tenant, after, head.sequence, PAGE));
    if (page.length === 0) break;
    for (const { keySequence, entry } of page) {
      if (keySequence !== expected) {
        return report(removed(expected, keySequence - 1));
      }
      if (entry.sequence !== keySequence) {
        const claimed = await someEntryClaims(read, keySequence, head.sequence);
        return report(
          claimed
            ? {
                sequence: keySequence,
                kind: 'reordered',
                message: `Entry ${keySequence} holds entry ${entry.sequence}; the entries were reordered`,
              }
            : removed(keySequence, keySequence),
        );
      }
      if (entryHash(entry) !== entry.hash) {
        return report({
          sequence: keySequence,
          kind: 'altered',
          message: `Entry ${keySequence} does not match its hash; it was altered`,
        });
      }
      if (entry.prev_hash !== prevHash) {
        return report({
          sequence: keySequence,
          kind: 'broken_link',
          message: `Entry ${keySequence} does not follow entry ${keySequence - 1}; one of them was rewritten`,
        });
      }
      prevHash = entry.hash;
      expected += 1;
      checked += 1;
    }
    after = page[page.length - 1]!.keySequence;
  }

  if (expected <= head.sequence) return report(removed(expected, head.sequence));
  if (head.sequence > 0 && head.hash !== prevHash) {
    return report({
      sequence: head.sequence,
      kind: 'altered',
      message: `Entry ${head.sequence} is not the entry the chain head recorded; it was altered`,
    });
  }
  return { ok: true, head_sequence: head.sequence, entries_checked: checked, problem: null };
}

function removed(first: number, last: number): TAuditChainProblem {
  return {
    sequence: first,
    kind: 'removed',
    message:
      first === last ? `Entry ${first} is missing; it was removed` : `Entries ${first}–${last} are missing; they were removed`,
  };
}

/** Whether any entry still claims `sequence` (moved elsewhere: reordered) or none does (removed). */
async function someEntryClaims(read: ReadTenant, sequence: number, through: number): Promise<boolean> {
  let after = 0;
  while (after < through) {
    const page: Array<{ keySequence: number; entry: TAuditEntry }> = await read((tenant) =>
      auditRepository.chainPage(tenant, after, through, PAGE),
    );
    if (page.length === 0) return false;
    if (page.some(({ entry }) => entry.sequence === sequence)) return true;
    after = page[page.length - 1]!.keySequence;
  }
  return false;
}
