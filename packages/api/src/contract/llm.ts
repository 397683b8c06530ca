import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp } from './common';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { CONVERSATION_LIMITS, ZMessage } from './conversations';
import { ZWorkspacePath } from './files';

export const CHAT_LIMITS = {
  /** How much of the conversation's history goes to the model by default (its token counts). */
  defaultContextTokens: 8_000,
  /** Never more than this many past messages, whatever the budget. */
  historyMessages: 200,
  /** The system message about the session (its memory and the files the user has open). */
  sessionContextTokens: 8_000,
  /** A summary is written from this much of the conversation's end, and after every this many messages of chat. */
  summaryContextTokens: 12_000,
  summaryEveryMessages: 20,
  summaryChars: 600,
  /** Files a turn may mention, and the longest editor selection it may ask about. */
  mentions: 10,
  selectionChars: 20_000,
} as const;

export const ZLlmModel = z.object({ id: z.string(), owned_by: z.string().nullable() });
export const ZListModelsResponse = z.object({ models: z.array(ZLlmModel) });
export const ZListModelsRequest = z.strictObject({
  /** The provider whose models to list (a conversation's `ai_provider`); the server's default without it. */
  provider: z.string().trim().min(1).max(64).optional(),
});

/** What the server calls the provider at LLM_BASE_URL unless LLM_PROVIDER_NAME says otherwise (seed 000's `ai_provider`). */
export const DEFAULT_PROVIDER_NAME = 'lmstudio';

export const PROVIDER_LIMITS = { nameChars: 64, keyChars: 4_096, models: 200, modelChars: 200, urlChars: 2_048 } as const;

/** A provider's name: what a conversation's `ai_provider` and a task's `config.provider` say. */
export const ZProviderName = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(PROVIDER_LIMITS.nameChars)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits, dots, dashes and underscores, starting with a letter or digit')
  .meta({ examples: ['team-openai'] });

const ZProviderUrl = z
  .url({ protocol: /^https?$/, error: 'An http or https URL' })
  .max(PROVIDER_LIMITS.urlChars)
  .meta({ examples: ['https://api.openai.com/v1'] });
const ZProviderModels = z.array(z.string().trim().min(1).max(PROVIDER_LIMITS.modelChars)).max(PROVIDER_LIMITS.models);

/** An OpenAI-compatible provider the tenant's conversations and tasks may use. Its key never leaves the server. */
export const ZLlmProvider = z
  .object({
    name: z.string(),
    /** `operator`: configured on the server (LLM_BASE_URL, LLM_PROVIDERS); `tenant`: added by the tenant's Admin. */
    source: z.enum(['operator', 'tenant']),
    /** Null for the operator's providers (their address is the server's configuration). */
    base_url: z.string().nullable(),
    /** The models it offers, when they are configured; null: as the provider's own list says. */
    models: z.array(z.string()).nullable(),
    has_api_key: z.boolean(),
    /** The server's default (conversations name it unless they say otherwise). */
    is_default: z.boolean(),
    updated_at: ZTimestamp.nullable(),
  })
  .meta({ id: 'LlmProvider' });
export type TLlmProvider = z.infer<typeof ZLlmProvider>;

export const ZListProvidersResponse = z.object({ providers: z.array(ZLlmProvider) });

export const ZCreateProviderRequest = z.strictObject({
  name: ZProviderName,
  base_url: ZProviderUrl,
  /** Stored encrypted; never answered. */
  api_key: z.string().min(1).max(PROVIDER_LIMITS.keyChars).optional(),
  models: ZProviderModels.optional(),
});
export type TCreateProviderRequest = z.infer<typeof ZCreateProviderRequest>;

export const ZUpdateProviderRequest = z
  .strictObject({
    name: ZProviderName,
    base_url: ZProviderUrl.optional(),
    /** A new key, or null to remove it. */
    api_key: z.string().min(1).max(PROVIDER_LIMITS.keyChars).nullable().optional(),
    /** A new list, or null to follow the provider's own list. */
    models: ZProviderModels.nullable().optional(),
  })
  .refine((value) => [value.base_url, value.api_key, value.models].some((field) => field !== undefined), {
    message: 'Provide at least one of base_url, api_key, models',
  })
  .meta({ anyOf: ['base_url', 'api_key', 'models'].map((field) => ({ required: [field] })) });
export type TUpdateProviderRequest = z.infer<typeof ZUpdateProviderRequest>;

export const ZProviderNameRequest = z.strictObject({ name: ZProviderName });
export type TListModelsResponse = z.infer<typeof ZListModelsResponse>;

/** A part of a workspace file the user selected in the editor and asks about (its text as the editor has it). */
export const ZChatSelection = z.strictObject({
  path: ZWorkspacePath.min(1, 'Required'),
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  text: z.string().min(1, 'Required').max(CHAT_LIMITS.selectionChars),
});
export type TChatSelection = z.infer<typeof ZChatSelection>;

export const ZChatRequest = z
  .strictObject({
    conversation_id: ZId,
    /** The user's message; left out only to regenerate a reply (`replace_from` naming that reply). */
    content: z.string().min(1, 'Required').max(CONVERSATION_LIMITS.messageChars).optional(),
    model: z.string().trim().min(1, 'Required').max(CONVERSATION_LIMITS.modelChars),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).max(1_000_000).optional(),
    /** History sent with the new message, newest first, until this many tokens. */
    max_context_tokens: z.number().int().min(1).max(10_000_000).default(CHAT_LIMITS.defaultContextTokens),
    /**
     * Regenerate or edit: the conversation's messages from `offset` on (the message there must be
     * `message_id`) are replaced. With `content`, the message there is the user's and is sent again
     * as edited; without, it is a reply and the model answers the history before it again.
     */
    replace_from: z.strictObject({ offset: z.number().int().min(0), message_id: ZId }).optional(),
    /** Workspace files the user mentioned with @: their text goes to the model first. */
    mentions: z.array(ZWorkspacePath.min(1)).max(CHAT_LIMITS.mentions).optional(),
    selection: ZChatSelection.optional(),
    /** Set by httpSubscriptionLink when it reconnects; a chat turn is never replayed. */
    lastEventId: z.string().max(200).nullish(),
  })
  .refine((value) => value.content !== undefined || value.replace_from !== undefined, {
    message: 'Required',
    path: ['content'],
  })
  .refine((value) => value.selection === undefined || value.selection.start_line <= value.selection.end_line, {
    message: 'start_line must not be after end_line',
    path: ['selection', 'start_line'],
  });
export type TChatRequest = z.infer<typeof ZChatRequest>;

export const ZChatUsage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

/**
 * The events of one chat turn, in order: replaced?, user_message?, delta*, then assistant_message or error.
 * Once the user's message is recorded, a failure (the provider unreachable, failing, or sending
 * garbage) ends the turn with an `error` event rather than a thrown error: tRPC clients retry
 * subscriptions that fail with a 5xx, and a chat turn must not be sent twice. Failures before
 * that point (auth, validation, unknown conversation) are ordinary tRPC errors.
 */
export const ZChatEvent = z.discriminatedUnion('type', [
  /** First, when the turn regenerates or edits: the messages from this offset on are gone. */
  z.object({ type: z.literal('replaced'), from_offset: z.number().int().min(0) }),
  z.object({ type: z.literal('user_message'), message: ZMessage }),
  z.object({ type: z.literal('delta'), content: z.string() }),
  z.object({ type: z.literal('assistant_message'), message: ZMessage, usage: ZChatUsage.nullable() }),
  z.object({
    type: z.literal('error'),
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** The partial reply kept (interrupted: true), when the model had said something. */
    partial_message: ZMessage.nullable(),
  }),
]);
export type TChatEvent = z.infer<typeof ZChatEvent>;

export const llmContract = {
  models: defineOperation({
    type: 'query',
    input: ZListModelsRequest.optional(),
    output: ZListModelsResponse,
    meta: {
      access: 'user',
      summary: 'The models a provider offers (the server’s default provider, or `provider`): for the model picker',
      errors: ['PROVIDER_NOT_FOUND'],
      rest: { method: 'GET', path: '/llm/models' },
    },
  }),
  providers: defineOperation({
    type: 'query',
    input: undefined,
    output: ZListProvidersResponse,
    meta: {
      access: 'user',
      summary: 'The model providers the caller’s conversations and tasks may name: the tenant’s, then the server’s',
      rest: { method: 'GET', path: '/llm/providers' },
    },
  }),
  createProvider: defineOperation({
    type: 'mutation',
    input: ZCreateProviderRequest,
    output: ZLlmProvider,
    meta: {
      access: 'admin',
      summary: 'Add an OpenAI-compatible provider for the tenant (its key stored encrypted, never answered)',
      // CONFLICT: the tenant or the server already has a provider of that name.
      errors: ['CONFLICT'],
      audit: { omitInput: ['api_key'] },
      rest: { method: 'POST', path: '/llm/providers', successStatus: 201 },
    },
  }),
  updateProvider: defineOperation({
    type: 'mutation',
    input: ZUpdateProviderRequest,
    output: ZLlmProvider,
    meta: {
      access: 'admin',
      summary: 'Change a tenant provider’s address, key or model list',
      errors: ['PROVIDER_NOT_FOUND'],
      audit: { omitInput: ['api_key'] },
      rest: { method: 'PATCH', path: '/llm/providers/:name' },
    },
  }),
  deleteProvider: defineOperation({
    type: 'mutation',
    input: ZProviderNameRequest,
    output: ZMessageResponse,
    meta: {
      access: 'admin',
      summary: 'Remove a tenant provider (conversations naming it are refused until they name another)',
      errors: ['PROVIDER_NOT_FOUND'],
      rest: { method: 'DELETE', path: '/llm/providers/:name', envelope: 'message' },
    },
  }),
  chat: defineOperation({
    type: 'subscription',
    input: ZChatRequest,
    output: ZChatEvent,
    meta: {
      access: 'user',
      summary:
        'One chat turn over SSE (tRPC subscription; each event tracked): records the user message, streams the ' +
        'model’s reply, records it; closing the subscription stores the partial reply marked interrupted',
      // TOKEN_BUDGET_EXCEEDED: the user's or organisation's model tokens of today are spent.
      // PROVIDER_NOT_FOUND: the conversation's ai_provider names no provider (any more).
      errors: ['CONVERSATION_NOT_FOUND', 'CONFLICT', 'TOKEN_BUDGET_EXCEEDED', 'PROVIDER_NOT_FOUND'],
      rateLimit: 'messages',
    },
  }),
};
