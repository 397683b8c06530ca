import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId } from './common';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { CONVERSATION_LIMITS, ZMessage } from './conversations';

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
} as const;

export const ZLlmModel = z.object({ id: z.string(), owned_by: z.string().nullable() });
export const ZListModelsResponse = z.object({ models: z.array(ZLlmModel) });
export type TListModelsResponse = z.infer<typeof ZListModelsResponse>;

export const ZChatRequest = z.strictObject({
  conversation_id: ZId,
  content: z.string().min(1, 'Required').max(CONVERSATION_LIMITS.messageChars),
  model: z.string().trim().min(1, 'Required').max(CONVERSATION_LIMITS.modelChars),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  /** History sent with the new message, newest first, until this many tokens. */
  max_context_tokens: z.number().int().min(1).max(10_000_000).default(CHAT_LIMITS.defaultContextTokens),
  /** Set by httpSubscriptionLink when it reconnects; a chat turn is never replayed. */
  lastEventId: z.string().max(200).nullish(),
});
export type TChatRequest = z.infer<typeof ZChatRequest>;

export const ZChatUsage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

/**
 * The events of one chat turn, in order: user_message, delta*, then assistant_message or error.
 * Once the user's message is recorded, a failure (the provider unreachable, failing, or sending
 * garbage) ends the turn with an `error` event rather than a thrown error: tRPC clients retry
 * subscriptions that fail with a 5xx, and a chat turn must not be sent twice. Failures before
 * that point (auth, validation, unknown conversation) are ordinary tRPC errors.
 */
export const ZChatEvent = z.discriminatedUnion('type', [
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
    input: undefined,
    output: ZListModelsResponse,
    meta: {
      access: 'user',
      summary: 'The models the configured provider offers (for the model picker)',
      rest: { method: 'GET', path: '/llm/models' },
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
      errors: ['CONVERSATION_NOT_FOUND', 'CONFLICT', 'TOKEN_BUDGET_EXCEEDED'],
      rateLimit: 'messages',
    },
  }),
};
