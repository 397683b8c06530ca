import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp, pageLimit } from './common';
import { ZTags } from './sessions';
import { ZStreamedBody } from './byte-streams';

export const CONVERSATION_LIMITS = {
  titleChars: 200,
  descriptionChars: 2000,
  messageChars: 100_000,
  modelChars: 200,
  importMessages: 10_000,
} as const;

export const ZConversationStatus = z.enum(['Active', 'Archived']);
export const ZMessageRole = z.enum(['User', 'Assistant', 'System']);
export type TMessageRole = z.infer<typeof ZMessageRole>;

export const ZConversation = z
  .object({
    conversation_id: ZId,
    workspace_session_id: ZId,
    user_id: ZId,
    title: z.string(),
    description: z.string().nullable(),
    ai_provider: z.string(),
    status: ZConversationStatus,
    message_count: z.number().int().min(0),
    token_count: z.number().int().min(0),
    tags: z.array(z.string()),
    /** The other conversations of the same workspace session, newest first (at most 10). */
    related_conversations: z.array(ZId),
    /** Written by the model: on request (conversations.summarize) and after every 20 messages of chat. */
    summary: z.string().nullable(),
    created_at: ZTimestamp,
    updated_at: ZTimestamp,
  })
  .meta({ id: 'Conversation' });
export type TConversation = z.infer<typeof ZConversation>;

export const ZCreateConversationRequest = z.strictObject({
  workspace_session_id: ZId,
  title: z.string().trim().min(1, 'Required').max(CONVERSATION_LIMITS.titleChars),
  description: z.string().max(CONVERSATION_LIMITS.descriptionChars).optional(),
  /** A provider of `llm.providers`; the server's default (`lmstudio` unless configured otherwise) when left out. */
  ai_provider: z.string().trim().min(1).max(64).optional(),
  tags: ZTags.optional(),
});
export type TCreateConversationRequest = z.infer<typeof ZCreateConversationRequest>;

export const ZConversationIdRequest = z.strictObject({ conversation_id: ZId });

export const ZListConversationsRequest = z.strictObject({
  workspace_session_id: ZId,
  limit: pageLimit(20, 100),
  cursor: z.string().max(512).optional(),
});
export type TListConversationsRequest = z.infer<typeof ZListConversationsRequest>;
export const ZListConversationsResponse = z.object({
  conversations: z.array(ZConversation),
  count: z.number().int().nonnegative(),
  next_cursor: z.string().nullable(),
});
export type TListConversationsResponse = z.infer<typeof ZListConversationsResponse>;

export const ZUpdateConversationRequest = z
  .strictObject({
    conversation_id: ZId,
    title: z.string().trim().min(1).max(CONVERSATION_LIMITS.titleChars).optional(),
    description: z.string().max(CONVERSATION_LIMITS.descriptionChars).nullable().optional(),
    tags: ZTags.optional(),
    status: ZConversationStatus.optional(),
  })
  .refine((value) => [value.title, value.description, value.tags, value.status].some((field) => field !== undefined), {
    message: 'Provide at least one of title, description, tags, status',
  })
  .meta({ anyOf: ['title', 'description', 'tags', 'status'].map((field) => ({ required: [field] })) });
export type TUpdateConversationRequest = z.infer<typeof ZUpdateConversationRequest>;

/** What a chat turn sent the model besides the user's words: which files went in (and which did not, and why). */
export const ZSentContext = z
  .object({
    /** Workspace files whose text was in the system message, in the order sent. */
    files: z.array(z.string()),
    /** Files named by the session or the turn that were not sent, and why (not found, not text, too large, over the budget). */
    left_out: z.array(z.object({ path: z.string(), reason: z.string() })),
    /** The files the user mentioned with @ in this turn. */
    mentions: z.array(z.string()),
    /** The editor selection the turn asked about, when it had one (1-based lines). */
    selection: z.object({ path: z.string(), start_line: z.number().int().min(1), end_line: z.number().int().min(1) }).nullable(),
    /** Earlier messages of the conversation sent as history. */
    history_messages: z.number().int().min(0),
    /** The system message's size in tokens (as the tokenizer counts). */
    system_tokens: z.number().int().min(0),
  })
  .meta({ id: 'SentContext' });
export type TSentContext = z.infer<typeof ZSentContext>;

export const ZMessage = z
  .object({
    message_id: ZId,
    conversation_id: ZId,
    role: ZMessageRole,
    content: z.string(),
    model: z.string().nullable(),
    token_count: z.number().int().min(0),
    /** An assistant reply cut short (the client left or the provider failed mid-stream). */
    interrupted: z.boolean(),
    /** On a reply written by a chat turn: what the model was sent with it; null on other messages. */
    sent_context: ZSentContext.nullable(),
    created_at: ZTimestamp,
  })
  .meta({ id: 'Message' });
export type TMessage = z.infer<typeof ZMessage>;

export const ZAddMessageRequest = z
  .strictObject({
    conversation_id: ZId,
    role: ZMessageRole,
    content: z.string().min(1, 'Required').max(CONVERSATION_LIMITS.messageChars),
    model: z.string().trim().min(1).max(CONVERSATION_LIMITS.modelChars).nullable().optional(),
  })
  .refine((value) => value.role !== 'Assistant' || (value.model ?? null) !== null, {
    message: 'model is required for Assistant messages',
    path: ['model'],
  })
  .meta({
    if: { properties: { role: { const: 'Assistant' } }, required: ['role'] },
    then: { properties: { model: { type: 'string' } }, required: ['model'] },
  });
export type TAddMessageRequest = z.infer<typeof ZAddMessageRequest>;

export const ZListMessagesRequest = z.strictObject({
  conversation_id: ZId,
  offset: z.number().int().min(0).default(0),
  limit: pageLimit(50, 200),
});
export type TListMessagesRequest = z.infer<typeof ZListMessagesRequest>;

export const ZListMessagesResponse = z.object({
  messages: z.array(ZMessage),
  total_count: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  has_more: z.boolean(),
});
export type TListMessagesResponse = z.infer<typeof ZListMessagesResponse>;

export const ZSearchMessagesRequest = z.strictObject({
  /** Words a message must all hold (case and accents ignored); at most 8 count. */
  q: z.string().trim().min(1, 'Required').max(200),
  limit: pageLimit(20, 50),
  cursor: z.string().max(512).optional(),
});
export type TSearchMessagesRequest = z.infer<typeof ZSearchMessagesRequest>;

export const ZMessageSearchResult = z
  .object({
    conversation_id: ZId,
    conversation_title: z.string(),
    message_id: ZId,
    /** The message's place in its conversation (listMessages' offset). */
    seq: z.number().int().min(0),
    role: ZMessageRole,
    created_at: ZTimestamp,
    /** Up to 240 characters of the message around its first match. */
    snippet: z.string(),
    /** Where the query's words are in `snippet`: character offsets, `end` excluded. */
    highlights: z.array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0) })),
  })
  .meta({ id: 'MessageSearchResult' });
export type TMessageSearchResult = z.infer<typeof ZMessageSearchResult>;

export const ZSearchMessagesResponse = z.object({
  results: z.array(ZMessageSearchResult),
  next_cursor: z.string().nullable(),
  /** The search stopped at its scan limit: older matches may exist on the next page. */
  truncated: z.boolean(),
});
export type TSearchMessagesResponse = z.infer<typeof ZSearchMessagesResponse>;

/** A conversation as `conversations.export` writes it in JSON and `conversations.import` reads it. */
export const ZConversationExport = z
  .strictObject({
    format: z.literal('coditect.conversation'),
    version: z.literal(1),
    conversation: z.strictObject({
      title: z.string().trim().min(1).max(CONVERSATION_LIMITS.titleChars),
      description: z.string().max(CONVERSATION_LIMITS.descriptionChars).nullable(),
      ai_provider: z.string().trim().min(1).max(64),
      tags: ZTags,
      summary: z.string().max(CONVERSATION_LIMITS.messageChars).nullable(),
      created_at: ZTimestamp,
    }),
    messages: z
      .array(
        z.strictObject({
          role: ZMessageRole,
          content: z.string().min(1).max(CONVERSATION_LIMITS.messageChars),
          model: z.string().min(1).max(CONVERSATION_LIMITS.modelChars).nullable(),
          interrupted: z.boolean(),
          created_at: ZTimestamp,
        }),
      )
      .max(CONVERSATION_LIMITS.importMessages),
  })
  .meta({ id: 'ConversationExport' });
export type TConversationExport = z.infer<typeof ZConversationExport>;

export const ZExportConversationRequest = z.strictObject({
  conversation_id: ZId,
  format: z.enum(['markdown', 'json']).default('markdown'),
});
export type TExportConversationRequest = z.infer<typeof ZExportConversationRequest>;

export const ZImportConversationRequest = z.strictObject({
  workspace_session_id: ZId,
  conversation: ZConversationExport,
});
export type TImportConversationRequest = z.infer<typeof ZImportConversationRequest>;

export const conversationsContract = {
  summarize: defineOperation({
    type: 'mutation',
    input: z.strictObject({
      conversation_id: ZId,
      model: z.string().trim().min(1, 'Required').max(CONVERSATION_LIMITS.modelChars),
    }),
    output: ZConversation,
    meta: {
      access: 'user',
      summary: 'Have the model write the conversation’s summary (from its recent messages) and store it',
      // CONFLICT: nothing to summarise yet. SERVICE_UNAVAILABLE: the provider failed.
      errors: ['CONVERSATION_NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE', 'TOKEN_BUDGET_EXCEEDED', 'PROVIDER_NOT_FOUND'],
      rateLimit: 'messages',
      rest: { method: 'POST', path: '/conversations/:conversation_id/summary' },
    },
  }),
  export: defineOperation({
    type: 'query',
    input: ZExportConversationRequest,
    output: ZStreamedBody,
    meta: {
      access: 'user',
      summary: 'The conversation with its messages as a Markdown or JSON file (REST only)',
      errors: ['CONVERSATION_NOT_FOUND'],
      rest: {
        method: 'GET',
        path: '/conversations/:conversation_id/export',
        streamed: {
          mediaTypes: ['text/markdown', 'application/json'],
          json: ZConversationExport,
          description:
            '`format=markdown` (default): a readable transcript; `format=json`: the ConversationExport that `POST /conversations/import` takes. Always `Content-Disposition: attachment`.',
        },
      },
    },
  }),
  import: defineOperation({
    type: 'mutation',
    input: ZImportConversationRequest,
    output: ZConversation,
    meta: {
      access: 'user',
      summary: 'A new conversation in the session from an exported one (JSON), its messages in order',
      // CONVERSATION_NOT_FOUND / CONFLICT: the new conversation was deleted or archived while its messages went in.
      errors: ['SESSION_NOT_FOUND', 'CONVERSATION_NOT_FOUND', 'CONFLICT'],
      bodyLimit: 'file',
      // The transcript is not audit material: its size and the new conversation's id are.
      audit: { omitInput: ['conversation'], outputDetails: ['conversation_id', 'message_count'] },
      rest: { method: 'POST', path: '/conversations/import', successStatus: 201 },
    },
  }),
  search: defineOperation({
    type: 'query',
    input: ZSearchMessagesRequest,
    output: ZSearchMessagesResponse,
    meta: {
      access: 'user',
      summary: 'Search the caller’s messages across their conversations (every word must match), newest first',
      rest: { method: 'GET', path: '/conversations/search' },
    },
  }),
  create: defineOperation({
    type: 'mutation',
    input: ZCreateConversationRequest,
    output: ZConversation,
    meta: {
      access: 'user',
      summary: 'Start a conversation linked to one of the caller’s workspace sessions',
      errors: ['SESSION_NOT_FOUND'],
      rest: { method: 'POST', path: '/conversations', successStatus: 201 },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: ZListConversationsRequest,
    output: ZListConversationsResponse,
    meta: {
      access: 'user',
      summary: 'The conversations of one of the caller’s sessions, newest first',
      errors: ['SESSION_NOT_FOUND'],
      rest: { method: 'GET', path: '/conversations' },
    },
  }),
  get: defineOperation({
    type: 'query',
    input: ZConversationIdRequest,
    output: ZConversation,
    meta: {
      access: 'user',
      summary: 'Conversation metadata (never its messages)',
      errors: ['CONVERSATION_NOT_FOUND'],
      rest: { method: 'GET', path: '/conversations/:conversation_id' },
    },
  }),
  update: defineOperation({
    type: 'mutation',
    input: ZUpdateConversationRequest,
    output: ZConversation,
    meta: {
      access: 'user',
      summary: 'Rename, re-tag, archive or reactivate a conversation',
      errors: ['CONVERSATION_NOT_FOUND'],
      rest: { method: 'PUT', path: '/conversations/:conversation_id' },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZConversationIdRequest,
    output: ZMessageResponse,
    meta: {
      access: 'user',
      summary: 'Delete a conversation with its messages',
      errors: ['CONVERSATION_NOT_FOUND'],
      rest: { method: 'DELETE', path: '/conversations/:conversation_id', envelope: 'message' },
    },
  }),
  addMessage: defineOperation({
    type: 'mutation',
    input: ZAddMessageRequest,
    output: ZMessage,
    meta: {
      access: 'user',
      summary: 'Append a message (not to an archived conversation: 409); counts change in the same transaction',
      errors: ['CONVERSATION_NOT_FOUND', 'CONFLICT'],
      rateLimit: 'messages',
      rest: { method: 'POST', path: '/conversations/:conversation_id/messages', successStatus: 201 },
    },
  }),
  listMessages: defineOperation({
    type: 'query',
    input: ZListMessagesRequest,
    output: ZListMessagesResponse,
    meta: {
      access: 'user',
      summary: 'Messages in chronological order, one page',
      errors: ['CONVERSATION_NOT_FOUND'],
      rest: { method: 'GET', path: '/conversations/:conversation_id/messages' },
    },
  }),
};
