// Walks a tenant's audit chain from the first entry to the head and reports the first entry that
// was altered, removed, reordered, sealed with an unknown key or without a key after keyed ones,
// then holds the chain against the last checkpoint kept outside the store (truncation, rewrites).
// Runs page by page (one read transaction each), so a long chain neither holds a transaction open
// nor sits in memory; entries appended meanwhile (past the head read at the start) are left for
// the next run.
import type { ScopedTransaction } from '@coditect/store';
import type { TAuditChainProblem, TAuditEntry, TVerifyAuditResponse } from '../../contract/audit';
import type { TenantScope } from '../../storage/tenant-scope';
import { GENESIS_HASH, entryHash } from './audit-chain';
import { checkpointIsAuthentic, type AuditSeal } from './audit-checkpoints';
import { auditRepository } from './audit-repository';

const PAGE = 1000;

type ReadTenant = <T>(body: (tenant: ScopedTransaction) => Promise<T>) => Promise<T>;

export async function verifyAuditChain(tenant: TenantScope, seal?: AuditSeal): Promise<TVerifyAuditResponse> {
  const read: ReadTenant = (body) => tenant.transact(body);
  const head = await read((tenant) => auditRepository.head(tenant));
  const checkpoint = await seal?.checkpoints?.read(tenant.tenantId);

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let keyed = false;
  let hashAtCheckpoint: string | undefined;
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
      if (keyed && !entry.key_id) {
        return report({
          sequence: keySequence,
          kind: 'downgraded',
          message: `Entry ${keySequence} carries an unkeyed hash after keyed ones; it was rewritten without the key`,
        });
      }
      const expectedHash = entryHash(entry, seal?.keys);
      if (expectedHash === undefined) {
        return report({
          sequence: keySequence,
          kind: 'unverifiable',
          message: `Entry ${keySequence} was sealed with a key this server does not have (${entry.key_id}); set the secret it came from`,
        });
      }
      if (expectedHash !== entry.hash) {
        return report({
          sequence: keySequence,
          kind: 'altered',
          message: `Entry ${keySequence} does not match its hash; it was altered`,
        });
      }
      keyed ||= Boolean(entry.key_id);
      if (keySequence === checkpoint?.sequence) hashAtCheckpoint = entry.hash;
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
  if (checkpoint && seal) {
    if (!checkpointIsAuthentic(seal.keys, checkpoint)) {
      return report({
        sequence: checkpoint.sequence,
        kind: 'rewritten',
        message: 'The checkpoint kept outside the store does not verify; it was forged or altered',
      });
    }
    if (checkpoint.sequence > head.sequence) {
      return report({
        sequence: head.sequence + 1,
        kind: 'truncated',
        message: `The chain ends at entry ${head.sequence}, but a checkpoint recorded entry ${checkpoint.sequence} (at ${checkpoint.at}); the newest entries were removed`,
      });
    }
    if (hashAtCheckpoint !== checkpoint.hash) {
      return report({
        sequence: checkpoint.sequence,
        kind: 'rewritten',
        message: `Entry ${checkpoint.sequence} is not the entry a checkpoint recorded (at ${checkpoint.at}); the chain was rebuilt`,
      });
    }
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
