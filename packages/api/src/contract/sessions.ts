import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZJsonValue, ZMessageResponse, ZTimestamp, pageLimit, utf8Length } from './common';

/** Field bounds: anything larger is a 400 VALIDATION_ERROR and nothing is written. */
export const SESSION_LIMITS = {
  nameChars: 200,
  pathChars: 4096,
  tags: 32,
  tagChars: 64,
  openFiles: 500,
  contextFiles: 500,
  terminals: 50,
  breakpoints: 1000,
  decisions: 1000,
  factKeyChars: 256,
  decisionChars: 4096,
  memoryBytes: 64 * 1024,
  /** The whole stored session (one key-value record, under the store's 100,000-byte value limit). */
  recordBytes: 96_000,
  /** Shared sessions one list shows. */
  sharedListed: 500,
} as const;

export const ZSessionName = z.string().trim().min(1, 'Required').max(SESSION_LIMITS.nameChars);
export const ZPath = z.string().min(1).max(SESSION_LIMITS.pathChars);
/** Tags travel as a comma list in REST queries, so they cannot hold commas. */
export const ZTag = z
  .string()
  .trim()
  .min(1)
  .max(SESSION_LIMITS.tagChars)
  // Control characters spelled as a range: `\p{Cc}` is unknown to Python's re and to JavaScript without `u`.
  .regex(/^[^,\x00-\x1f\x7f-\x9f]+$/, 'Tags cannot contain commas or control characters');
export const ZTags = z.array(ZTag).max(SESSION_LIMITS.tags);

export const ZCursorPosition = z.object({ line: z.number().int().min(0), column: z.number().int().min(0) });

export const ZEditorState = z.object({
  open_files: z.array(ZPath).max(SESSION_LIMITS.openFiles),
  active_file: ZPath.nullable(),
  cursor_position: ZCursorPosition.nullable(),
});
export type TEditorState = z.infer<typeof ZEditorState>;

export const ZTerminal = z.object({
  id: z.string().min(1).max(64),
  cwd: ZPath,
  command: z.string().max(1024),
});
export const ZTerminalState = z.object({
  open_terminals: z.array(ZTerminal).max(SESSION_LIMITS.terminals),
  active_terminal: z.string().max(64).nullable(),
});
export type TTerminalState = z.infer<typeof ZTerminalState>;

export const ZBreakpoint = z.object({ file: ZPath, line: z.number().int().min(0) });

export const ZMemory = z
  .object({
    facts: z.record(z.string().max(SESSION_LIMITS.factKeyChars), ZJsonValue),
    decisions: z.array(z.string().max(SESSION_LIMITS.decisionChars)).max(SESSION_LIMITS.decisions),
  })
  .refine((memory) => utf8Length(JSON.stringify(memory)) <= SESSION_LIMITS.memoryBytes, {
    message: `Memory must serialise to at most ${SESSION_LIMITS.memoryBytes} bytes`,
  });
export type TMemory = z.infer<typeof ZMemory>;

export const ZWorkspaceSession = z
  .object({
    session_id: ZId,
    tenant_id: ZId,
    user_id: ZId,
    workspace_path: z.string().nullable(),
    name: z.string(),
    editor_state: ZEditorState,
    terminal_state: ZTerminalState,
    breakpoints: z.array(ZBreakpoint),
    conversation_id: ZId.nullable(),
    context_files: z.array(z.string()),
    memory: z.object({ facts: z.record(z.string(), ZJsonValue), decisions: z.array(z.string()) }),
    parent_session_id: ZId.nullable(),
    related_sessions: z.array(ZId),
    tags: z.array(z.string()),
    version: z.number().int().min(1),
    created_at: ZTimestamp,
    updated_at: ZTimestamp,
    last_accessed_at: ZTimestamp,
  })
  .meta({ id: 'WorkspaceSession' });
export type TWorkspaceSession = z.infer<typeof ZWorkspaceSession>;

export const ZSessionSummary = ZWorkspaceSession.pick({
  session_id: true,
  workspace_path: true,
  name: true,
  tags: true,
  parent_session_id: true,
  version: true,
  created_at: true,
  updated_at: true,
  last_accessed_at: true,
});
export type TSessionSummary = z.infer<typeof ZSessionSummary>;

export const ZCreateSessionRequest = z.strictObject({
  name: ZSessionName,
  workspace_path: ZPath.optional(),
  tags: ZTags.optional(),
});
export type TCreateSessionRequest = z.infer<typeof ZCreateSessionRequest>;

export const ZListSessionsRequest = z
  .strictObject({ limit: pageLimit(20, 100), cursor: z.string().max(512).optional() })
  .default({ limit: 20 });
export const ZListSessionsResponse = z.object({
  sessions: z.array(ZSessionSummary),
  count: z.number().int().nonnegative(),
  next_cursor: z.string().nullable(),
});
export type TListSessionsResponse = z.infer<typeof ZListSessionsResponse>;

export const ZSessionIdRequest = z.strictObject({ session_id: ZId });

export const ZUpdateSessionRequest = z.strictObject({
  session_id: ZId,
  /** Optimistic concurrency: the update applies only if the session is still at this version. */
  expected_version: z.number().int().min(1).optional(),
  name: ZSessionName.optional(),
  workspace_path: ZPath.nullable().optional(),
  editor_state: ZEditorState.optional(),
  terminal_state: ZTerminalState.optional(),
  breakpoints: z.array(ZBreakpoint).max(SESSION_LIMITS.breakpoints).optional(),
  conversation_id: ZId.nullable().optional(),
  context_files: z.array(ZPath).max(SESSION_LIMITS.contextFiles).optional(),
  memory: ZMemory.optional(),
  tags: ZTags.optional(),
});
export type TUpdateSessionRequest = z.infer<typeof ZUpdateSessionRequest>;

export const UPDATABLE_SESSION_FIELDS = [
  'name',
  'workspace_path',
  'editor_state',
  'terminal_state',
  'breakpoints',
  'conversation_id',
  'context_files',
  'memory',
  'tags',
] as const satisfies readonly (keyof TUpdateSessionRequest)[];
export type TUpdatableSessionField = (typeof UPDATABLE_SESSION_FIELDS)[number];

export const ZUpdateSessionResponse = z.object({
  session_id: ZId,
  updated_at: ZTimestamp,
  fields_updated: z.array(z.enum(UPDATABLE_SESSION_FIELDS)),
  version: z.number().int().min(1),
});
export type TUpdateSessionResponse = z.infer<typeof ZUpdateSessionResponse>;

export const ZForkSessionRequest = z.strictObject({
  session_id: ZId,
  name: ZSessionName.optional(),
  workspace_path: ZPath.optional(),
});
export type TForkSessionRequest = z.infer<typeof ZForkSessionRequest>;

export const ZRelatedSessionsRequest = z.strictObject({
  tags: z.array(ZTag).min(1, 'At least one tag').max(SESSION_LIMITS.tags),
  limit: pageLimit(10, 50),
});
export type TRelatedSessionsRequest = z.infer<typeof ZRelatedSessionsRequest>;

export const ZRelatedSession = z.object({
  session_id: ZId,
  name: z.string(),
  workspace_path: z.string().nullable(),
  tags: z.array(z.string()),
  relevance_score: z.number().min(0).max(1),
  last_accessed_at: ZTimestamp,
});
export const ZRelatedSessionsResponse = z.object({
  sessions: z.array(ZRelatedSession),
  count: z.number().int().nonnegative(),
  query_tags: z.array(z.string()),
});
export type TRelatedSessionsResponse = z.infer<typeof ZRelatedSessionsResponse>;

/**
 * Who else in the organisation sees a session: nobody (`private`, the default), every member for
 * reading (`read`: the session, its files, their live changes), or Developers and up also for
 * writing its files (`write`). Terminals, agent tasks, conversations and the session's own settings
 * stay its owner's.
 */
export const ZSessionSharing = z.enum(['private', 'read', 'write']);
export type TSessionSharing = z.infer<typeof ZSessionSharing>;

export const ZShareSessionRequest = z.strictObject({ session_id: ZId, sharing: ZSessionSharing });

export const ZSessionSharingState = z.object({ session_id: ZId, sharing: ZSessionSharing });

export const ZSharedSession = ZSessionSummary.extend({
  sharing: ZSessionSharing.exclude(['private']),
  owner: z.object({ user_id: ZId, full_name: z.string(), you: z.boolean() }),
  shared_at: ZTimestamp,
}).meta({ id: 'SharedSession' });
export type TSharedSession = z.infer<typeof ZSharedSession>;

export const ZListSharedSessionsResponse = z.object({ sessions: z.array(ZSharedSession), count: z.number().int().min(0) });

export const sessionsContract = {
  share: defineOperation({
    type: 'mutation',
    input: ZShareSessionRequest,
    output: ZSessionSharingState,
    meta: {
      access: 'user',
      summary:
        'Share one of your sessions with the organisation the call acts in — `read` (every member reads it and its files) ' +
        'or `write` (Developers and up also edit its files) — or make it `private` again. Not in a personal tenant',
      errors: ['SESSION_NOT_FOUND', 'CONFLICT'],
      rest: { method: 'PUT', path: '/sessions/:session_id/sharing' },
    },
  }),
  shared: defineOperation({
    type: 'query',
    input: undefined,
    output: ZListSharedSessionsResponse,
    meta: {
      access: 'user',
      summary: 'The sessions shared in the organisation the call acts in (yours included), most recently updated first',
      rest: { method: 'GET', path: '/shared-sessions' },
    },
  }),
  create: defineOperation({
    type: 'mutation',
    input: ZCreateSessionRequest,
    output: ZWorkspaceSession,
    meta: {
      access: 'user',
      summary: 'Create a workspace session',
      rest: { method: 'POST', path: '/sessions', successStatus: 201, etagField: 'version' },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: ZListSessionsRequest,
    output: ZListSessionsResponse,
    meta: {
      access: 'user',
      summary: 'The caller’s sessions, most recently updated first',
      rest: { method: 'GET', path: '/sessions' },
    },
  }),
  related: defineOperation({
    type: 'query',
    input: ZRelatedSessionsRequest,
    output: ZRelatedSessionsResponse,
    meta: {
      access: 'user',
      summary: 'The caller’s sessions sharing tags, by Jaccard relevance',
      rest: { method: 'GET', path: '/sessions/related' },
    },
  }),
  get: defineOperation({
    type: 'query',
    input: ZSessionIdRequest,
    output: ZWorkspaceSession,
    meta: {
      access: 'user',
      summary: 'A session’s full state (yours, or one shared with the organisation)',
      errors: ['SESSION_NOT_FOUND'],
      rest: { method: 'GET', path: '/sessions/:session_id', etagField: 'version' },
    },
  }),
  update: defineOperation({
    type: 'mutation',
    input: ZUpdateSessionRequest,
    output: ZUpdateSessionResponse,
    meta: {
      access: 'user',
      summary: 'Partial update with optional optimistic concurrency',
      errors: ['SESSION_NOT_FOUND', 'CONVERSATION_NOT_FOUND', 'CONFLICT'],
      rest: {
        method: 'PUT',
        path: '/sessions/:session_id',
        headerInputs: { 'if-match': 'expected_version' },
        etagField: 'version',
      },
    },
  }),
  fork: defineOperation({
    type: 'mutation',
    input: ZForkSessionRequest,
    output: ZWorkspaceSession,
    meta: {
      access: 'user',
      summary: 'Create a child session copying the parent’s state and its workspace files',
      errors: ['SESSION_NOT_FOUND', 'QUOTA_EXCEEDED'],
      rest: { method: 'POST', path: '/sessions/:session_id/fork', successStatus: 201, etagField: 'version' },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZSessionIdRequest,
    output: ZMessageResponse,
    meta: {
      access: 'user',
      summary: 'Delete a session, its index entries and its workspace files',
      errors: ['SESSION_NOT_FOUND'],
      rest: { method: 'DELETE', path: '/sessions/:session_id', envelope: 'message' },
    },
  }),
};
