// Workspace sessions in the tenant's space, with two indexes kept in the same transaction as the
// record:
//   ['ws_session', id]                                  → the session
//   ['ws_by_updated', user, updated_ms, id]              → { session_id, updated_ms }
//   ['ws_by_tag', user, tag, id]                         → { session_id, tag_count, last_accessed_ms }
// Index values repeat what their readers need, so scans never unpack keys (the costly part), and
// `related` ranks from index entries alone, reading only the `limit` winning records. Every read is scoped to the owning user: another user's
// session (same tenant or not) is indistinguishable from a missing one.
import type { ScopedTransaction } from '@coditect/store';
import type { TWorkspaceSession } from '../../contract/sessions';

export type SessionRecord = TWorkspaceSession;

export interface TagIndexEntry {
  session_id: string;
  tag_count: number;
  last_accessed_ms: number;
}

interface RecencyIndexEntry {
  session_id: string;
  updated_ms: number;
}

const RECORD = 'ws_session';
const BY_UPDATED = 'ws_by_updated';
const BY_TAG = 'ws_by_tag';

function tagEntry(session: SessionRecord): TagIndexEntry {
  return {
    session_id: session.session_id,
    tag_count: session.tags.length,
    last_accessed_ms: Date.parse(session.last_accessed_at),
  };
}

function recencyEntry(session: SessionRecord): RecencyIndexEntry {
  return { session_id: session.session_id, updated_ms: Date.parse(session.updated_at) };
}

export const sessionRepository = {
  /** The session if it exists and belongs to `userId`; otherwise undefined. */
  async getOwned(tenant: ScopedTransaction, userId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const session = await tenant.get<SessionRecord>([RECORD, sessionId]);
    return session && session.user_id === userId ? session : undefined;
  },

  /** Writes a new session and its index entries. */
  insert(tenant: ScopedTransaction, session: SessionRecord): void {
    tenant.set([RECORD, session.session_id], session);
    tenant.set([BY_UPDATED, session.user_id, Date.parse(session.updated_at), session.session_id], recencyEntry(session));
    const entry = tagEntry(session);
    for (const tag of session.tags) tenant.set([BY_TAG, session.user_id, tag, session.session_id], entry);
  },

  /** Replaces `before` with `after` (same id and owner), moving only the index entries that changed. */
  replace(tenant: ScopedTransaction, before: SessionRecord, after: SessionRecord): void {
    tenant.set([RECORD, after.session_id], after);
    const beforeUpdated = Date.parse(before.updated_at);
    const afterUpdated = Date.parse(after.updated_at);
    if (beforeUpdated !== afterUpdated) {
      tenant.clear([BY_UPDATED, before.user_id, beforeUpdated, before.session_id]);
      tenant.set([BY_UPDATED, after.user_id, afterUpdated, after.session_id], recencyEntry(after));
    }
    const kept = new Set(after.tags);
    for (const tag of before.tags) if (!kept.has(tag)) tenant.clear([BY_TAG, before.user_id, tag, before.session_id]);
    const beforeEntry = tagEntry(before);
    const afterEntry = tagEntry(after);
    const entryChanged =
      beforeEntry.tag_count !== afterEntry.tag_count || beforeEntry.last_accessed_ms !== afterEntry.last_accessed_ms;
    const previous = new Set(before.tags);
    for (const tag of after.tags) {
      if (entryChanged || !previous.has(tag)) tenant.set([BY_TAG, after.user_id, tag, after.session_id], afterEntry);
    }
  },

  remove(tenant: ScopedTransaction, session: SessionRecord): void {
    tenant.clear([RECORD, session.session_id]);
    tenant.clear([BY_UPDATED, session.user_id, Date.parse(session.updated_at), session.session_id]);
    for (const tag of session.tags) tenant.clear([BY_TAG, session.user_id, tag, session.session_id]);
    tenant.clear(['ws_session_sharing', session.session_id]);
  },

  /** Ids of the user's sessions, most recently updated first, strictly before `cursor` if given. */
  async listRecent(
    tenant: ScopedTransaction,
    userId: string,
    limit: number,
    cursor?: { updatedMs: number; sessionId: string },
  ): Promise<Array<{ sessionId: string; updatedMs: number }>> {
    const entries = await tenant.getRange<RecencyIndexEntry>([BY_UPDATED, userId], {
      reverse: true,
      limit,
      before: cursor ? [BY_UPDATED, userId, cursor.updatedMs, cursor.sessionId] : undefined,
    });
    return entries.map((entry) => ({ updatedMs: entry.value.updated_ms, sessionId: entry.value.session_id }));
  },

  /** The user's sessions carrying `tag`, with what ranking needs. */
  async findByTag(tenant: ScopedTransaction, userId: string, tag: string): Promise<TagIndexEntry[]> {
    return (await tenant.getRange<TagIndexEntry>([BY_TAG, userId, tag])).map((entry) => entry.value);
  },

  /** Every session record of the tenant (consistency checks). */
  async scanAll(tenant: ScopedTransaction): Promise<SessionRecord[]> {
    return (await tenant.getRange<SessionRecord>([RECORD])).map((entry) => entry.value);
  },

  async scanRecencyIndex(
    tenant: ScopedTransaction,
  ): Promise<Array<{ userId: string; updatedMs: number; sessionId: string; value: RecencyIndexEntry }>> {
    const entries = await tenant.getRange<RecencyIndexEntry>([BY_UPDATED]);
    return entries.map((entry) => ({
      userId: entry.key[1] as string,
      updatedMs: entry.key[2] as number,
      sessionId: entry.key[3] as string,
      value: entry.value,
    }));
  },

  async scanTagIndex(
    tenant: ScopedTransaction,
  ): Promise<Array<{ userId: string; tag: string; sessionId: string; value: TagIndexEntry }>> {
    const entries = await tenant.getRange<TagIndexEntry>([BY_TAG]);
    return entries.map((entry) => ({
      userId: entry.key[1] as string,
      tag: entry.key[2] as string,
      sessionId: entry.key[3] as string,
      value: entry.value,
    }));
  },
};
