// Compares a tenant's session records with their indexes (recency, tags) and the owner index.
// Used by tests after random operation sequences and by the store consistency check.
import type { TenantTransaction } from '../../storage/tenant-scope';
import { sessionRepository } from './session-repository';

export async function findSessionIndexProblems(tx: TenantTransaction, tenantId: string): Promise<string[]> {
  const problems: string[] = [];
  const records = new Map((await sessionRepository.scanAll(tx)).map((session) => [session.session_id, session]));

  const recency = await sessionRepository.scanRecencyIndex(tx);
  const seenRecency = new Set<string>();
  for (const entry of recency) {
    const session = records.get(entry.sessionId);
    if (!session) problems.push(`recency entry without session ${entry.sessionId}`);
    else if (
      session.user_id !== entry.userId ||
      Date.parse(session.updated_at) !== entry.updatedMs ||
      entry.value.session_id !== entry.sessionId ||
      entry.value.updated_ms !== entry.updatedMs
    ) {
      problems.push(`stale recency entry for session ${entry.sessionId}`);
    } else if (seenRecency.has(entry.sessionId)) problems.push(`duplicate recency entry for ${entry.sessionId}`);
    seenRecency.add(entry.sessionId);
  }

  const tags = await sessionRepository.scanTagIndex(tx);
  const tagKeys = new Set<string>();
  for (const entry of tags) {
    const session = records.get(entry.sessionId);
    tagKeys.add(`${entry.sessionId}\u0000${entry.tag}`);
    if (!session) problems.push(`tag entry without session ${entry.sessionId}`);
    else if (session.user_id !== entry.userId || !session.tags.includes(entry.tag)) {
      problems.push(`tag entry "${entry.tag}" not on session ${entry.sessionId}`);
    } else if (
      entry.value.session_id !== entry.sessionId ||
      entry.value.tag_count !== session.tags.length ||
      entry.value.last_accessed_ms !== Date.parse(session.last_accessed_at)
    ) {
      problems.push(`stale tag entry "${entry.tag}" for session ${entry.sessionId}`);
    }
  }

  for (const session of records.values()) {
    if (!seenRecency.has(session.session_id)) problems.push(`session ${session.session_id} missing from the recency index`);
    for (const tag of session.tags) {
      if (!tagKeys.has(`${session.session_id}\u0000${tag}`))
        problems.push(`session ${session.session_id} missing tag entry "${tag}"`);
    }
    const owner = await tx.owners.find(session.session_id);
    if (!owner || owner.tenant_id !== tenantId || owner.user_id !== session.user_id) {
      problems.push(`session ${session.session_id} has no matching owner entry`);
    }
  }
  return problems;
}
