// Workspace sessions: the IDE's saved state, one user's each. Every operation is one transaction
// over the caller's tenant handle; records and their indexes change together.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { utf8Length } from '../../contract/common';
import {
  SESSION_LIMITS,
  UPDATABLE_SESSION_FIELDS,
  type TCreateSessionRequest,
  type TForkSessionRequest,
  type TListSessionsResponse,
  type TRelatedSessionsRequest,
  type TRelatedSessionsResponse,
  type TSessionSummary,
  type TUpdatableSessionField,
  type TUpdateSessionRequest,
  type TUpdateSessionResponse,
} from '../../contract/sessions';
import type { CallerContext } from '../identity/identity-context';
import { deleteConversationsOfSession } from '../conversations/conversation-service';
import { requireOwnedConversation } from '../conversations/owned-records';
import { decodeSessionCursor, encodeSessionCursor } from './session-cursor';
import { discardTree, forkTree, removeTree } from '../files/workspace-trees';
import type { Workspaces } from '../files/workspaces';
import type { SessionTerminals } from '../terminals/session-terminals';
import { killSessionTerminals } from '../terminals/terminal-service';
import { taskRepository } from '../tasks/task-repository';
import type { TaskRuns } from '../tasks/task-runs';
import { requireAccessible, requireOwned } from './owned-session';
import { sessionRepository, type SessionRecord } from './session-repository';

/** Fork and delete also copy and remove the session's workspace tree. */
export interface SessionLifecycleContext extends CallerContext {
  deps: { now: () => Date; workspaces: Workspaces; terminals?: SessionTerminals; tasks?: TaskRuns | undefined };
}

/** `get` records an access at most this often, so reading stays (almost always) a read. */
export const ACCESS_MARK_INTERVAL_MS = 60_000;

function assertStorable(session: SessionRecord): void {
  const bytes = utf8Length(JSON.stringify(session));
  if (bytes > SESSION_LIMITS.recordBytes) {
    throw new AppError('VALIDATION_ERROR', `Session state is too large (${bytes} bytes; limit ${SESSION_LIMITS.recordBytes})`);
  }
}

function uniqueTags(tags: readonly string[] | undefined): string[] {
  return [...new Set(tags ?? [])];
}

export function summarize(session: SessionRecord): TSessionSummary {
  return {
    session_id: session.session_id,
    workspace_path: session.workspace_path,
    name: session.name,
    tags: session.tags,
    parent_session_id: session.parent_session_id,
    version: session.version,
    created_at: session.created_at,
    updated_at: session.updated_at,
    last_accessed_at: session.last_accessed_at,
  };
}

function newSession(context: CallerContext, fields: Partial<SessionRecord> & Pick<SessionRecord, 'name'>): SessionRecord {
  const now = context.deps.now().toISOString();
  return {
    session_id: randomUUID(),
    tenant_id: context.auth.tenantId,
    user_id: context.auth.userId,
    workspace_path: null,
    editor_state: { open_files: [], active_file: null, cursor_position: null },
    terminal_state: { open_terminals: [], active_terminal: null },
    breakpoints: [],
    conversation_id: null,
    context_files: [],
    memory: { facts: {}, decisions: [] },
    parent_session_id: null,
    related_sessions: [],
    tags: [],
    version: 1,
    created_at: now,
    updated_at: now,
    last_accessed_at: now,
    ...fields,
  };
}

export async function createSession(context: CallerContext, input: TCreateSessionRequest): Promise<SessionRecord> {
  const session = newSession(context, {
    name: input.name,
    workspace_path: input.workspace_path ?? null,
    tags: uniqueTags(input.tags),
  });
  assertStorable(session);
  await context.tenant.transact(async (tx) => {
    sessionRepository.insert(tx, session);
    tx.owners.claim(session.session_id, 'workspace_session', session.user_id);
  });
  return session;
}

export async function getSession(context: CallerContext, sessionId: string): Promise<SessionRecord> {
  return context.tenant.transact(async (tx) => {
    const session = await requireAccessible(tx, context.auth, sessionId, 'read');
    // A member reading a shared session leaves its owner's record as it is.
    if (session.user_id !== context.auth.userId) return session;
    const now = context.deps.now();
    if (now.getTime() - Date.parse(session.last_accessed_at) < ACCESS_MARK_INTERVAL_MS) return session;
    const accessed = { ...session, last_accessed_at: now.toISOString() };
    sessionRepository.replace(tx, session, accessed);
    return accessed;
  });
}

export async function listSessions(
  context: CallerContext,
  input: { limit: number; cursor?: string | undefined },
): Promise<TListSessionsResponse> {
  const cursor = input.cursor === undefined ? undefined : decodeSessionCursor(input.cursor);
  return context.tenant.transact(async (tx) => {
    const page = await sessionRepository.listRecent(tx, context.auth.userId, input.limit + 1, cursor);
    const visible = page.slice(0, input.limit);
    const sessions: TSessionSummary[] = [];
    for (const entry of visible) {
      const session = await sessionRepository.getOwned(tx, context.auth.userId, entry.sessionId);
      if (session) sessions.push(summarize(session));
    }
    const last = visible[visible.length - 1];
    return {
      sessions,
      count: sessions.length,
      next_cursor: page.length > input.limit && last ? encodeSessionCursor(last) : null,
    };
  });
}

export async function updateSession(context: CallerContext, input: TUpdateSessionRequest): Promise<TUpdateSessionResponse> {
  const fieldsUpdated = UPDATABLE_SESSION_FIELDS.filter((field) => input[field] !== undefined);
  return context.tenant.transact(async (tx) => {
    const current = await requireOwned(tx, context.auth, input.session_id);
    if (input.expected_version !== undefined && input.expected_version !== current.version) {
      throw new AppError('CONFLICT', `Session changed elsewhere: it is at version ${current.version}`, {
        current_version: current.version,
      });
    }
    // A session points only at its owner's own conversation; any other id is a plain 404.
    if (input.conversation_id) await requireOwnedConversation(tx, context.auth.userId, input.conversation_id);
    const now = context.deps.now().toISOString();
    const updated: SessionRecord = { ...current, version: current.version + 1, updated_at: now, last_accessed_at: now };
    for (const field of fieldsUpdated) applyField(updated, field, input);
    assertStorable(updated);
    sessionRepository.replace(tx, current, updated);
    return { session_id: updated.session_id, updated_at: now, fields_updated: fieldsUpdated, version: updated.version };
  });
}

function applyField(target: SessionRecord, field: TUpdatableSessionField, input: TUpdateSessionRequest): void {
  switch (field) {
    case 'tags':
      target.tags = uniqueTags(input.tags);
      return;
    case 'workspace_path':
      target.workspace_path = input.workspace_path ?? null;
      return;
    case 'conversation_id':
      target.conversation_id = input.conversation_id ?? null;
      return;
    default:
      (target as Record<string, unknown>)[field] = input[field];
  }
}

/**
 * A child session that starts from the parent's state and a copy of its files; the parent is left
 * untouched. The tree is copied before the child is recorded (see workspace-trees.ts for why).
 */
export async function forkSession(context: SessionLifecycleContext, input: TForkSessionRequest): Promise<SessionRecord> {
  const { auth, deps } = context;
  await context.tenant.transact((tx) => requireOwned(tx, auth, input.session_id));
  const childId = randomUUID();
  const copied = await forkTree(deps.workspaces, auth.tenantId, input.session_id, childId);
  try {
    return await context.tenant.transact(async (tx) => {
      const parent = await requireOwned(tx, auth, input.session_id);
      const child = newSession(context, {
        session_id: childId,
        name: input.name ?? `${parent.name} (fork)`.slice(0, SESSION_LIMITS.nameChars),
        workspace_path: input.workspace_path ?? parent.workspace_path,
        editor_state: parent.editor_state,
        terminal_state: parent.terminal_state,
        breakpoints: parent.breakpoints,
        context_files: parent.context_files,
        memory: parent.memory,
        tags: parent.tags,
        parent_session_id: parent.session_id,
      });
      assertStorable(child);
      sessionRepository.insert(tx, child);
      tx.owners.claim(child.session_id, 'workspace_session', child.user_id);
      return child;
    });
  } catch (error) {
    if (copied) await discardTree(deps.workspaces, auth.tenantId, childId);
    throw error;
  }
}

/**
 * The caller's sessions sharing at least one tag, by Jaccard overlap |q ∩ t| / |q ∪ t|, then most
 * recently accessed. Reads one tag-index range per query tag (cost grows with matches) and only
 * the `limit` winning records.
 */
export async function relatedSessions(context: CallerContext, input: TRelatedSessionsRequest): Promise<TRelatedSessionsResponse> {
  const queryTags = uniqueTags(input.tags);
  return context.tenant.transact(async (tx) => {
    const candidates = new Map<string, { shared: number; tagCount: number; lastAccessedMs: number }>();
    for (const tag of queryTags) {
      for (const match of await sessionRepository.findByTag(tx, context.auth.userId, tag)) {
        const candidate = candidates.get(match.session_id);
        if (candidate) candidate.shared += 1;
        else candidates.set(match.session_id, { shared: 1, tagCount: match.tag_count, lastAccessedMs: match.last_accessed_ms });
      }
    }
    const ranked = [...candidates.entries()]
      .map(([sessionId, candidate]) => ({
        sessionId,
        score: candidate.shared / (queryTags.length + candidate.tagCount - candidate.shared),
        lastAccessedMs: candidate.lastAccessedMs,
      }))
      .sort((a, b) => b.score - a.score || b.lastAccessedMs - a.lastAccessedMs || (a.sessionId < b.sessionId ? -1 : 1))
      .slice(0, input.limit);
    const sessions: TRelatedSessionsResponse['sessions'] = [];
    for (const { sessionId, score } of ranked) {
      const session = await sessionRepository.getOwned(tx, context.auth.userId, sessionId);
      if (!session) continue;
      sessions.push({
        session_id: session.session_id,
        name: session.name,
        workspace_path: session.workspace_path,
        tags: session.tags,
        relevance_score: score,
        last_accessed_at: session.last_accessed_at,
      });
    }
    return { sessions, count: sessions.length, query_tags: queryTags };
  });
}

/** Removes the record (with its conversations, tasks and indexes), then the workspace tree. */
export async function deleteSession(context: SessionLifecycleContext, sessionId: string): Promise<void> {
  const taskIds = await context.tenant.transact(async (tx) => {
    const session = await requireOwned(tx, context.auth, sessionId);
    await deleteConversationsOfSession(tx, context.auth.tenantId, session.session_id);
    const removedTasks = await taskRepository.removeAllOfSession(tx, session.session_id);
    sessionRepository.remove(tx, session);
    tx.owners.release(session.session_id);
    return removedTasks;
  });
  for (const taskId of taskIds) context.deps.tasks?.stop(taskId);
  // Its shells go before its files: nothing may keep writing into a tree being removed.
  await killSessionTerminals(context.deps.terminals, context.deps.workspaces, { tenantId: context.auth.tenantId, sessionId });
  await removeTree(context.deps.workspaces, context.auth.tenantId, sessionId);
}
