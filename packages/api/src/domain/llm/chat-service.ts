// One chat turn done on the server: record the user's message, send
// the conversation to the provider, stream the reply, record it. A reply cut short — the client
// left, or the provider failed mid-stream — is kept, marked interrupted; nothing is ever invented.
// Events are described (and why failures are events) in router/llm/llm.types.ts.
import { AppError } from '../../errors/app-error';
import { CONVERSATION_LIMITS, type TMessage, type TMessageRole, type TSentContext } from '../../contract/conversations';
import { CHAT_LIMITS, type TChatEvent, type TChatRequest } from '../../contract/llm';
import type { CallerContext } from '../identity/identity-context';
import { normalPath, sessionContext, type SessionContextDeps } from './session-context';
import { assertWithinBudget, recordTokens, type TokenBudgets } from '../usage/token-budget';
import { countTokens } from '../conversations/token-count';
import { summarizeIfDue } from './conversation-summary';
import type { ProviderDirectory } from './provider-directory';
import { conversationProvider } from './conversation-provider';
import { contextWindow } from './context-window';
import { addMessage, prepareMessage, recentMessages, replaceTail } from '../conversations/message-service';
import {
  LlmProviderError,
  providerAppError,
  type CompletionRequest,
  type CompletionUsage,
  type ProviderRole,
} from './llm-provider';

/** LLM_MAX_TOKENS, LLM_MAX_CONTEXT_TOKENS. */
export interface ChatLimits {
  /** The longest reply a turn may ask for, and what it asks for when it names none. */
  maxReplyTokens: number;
  maxContextTokens: number;
}

export interface ChatTurnContext extends CallerContext {
  deps: {
    now: () => Date;
    providers: ProviderDirectory;
    tokenBudgets?: TokenBudgets | undefined;
    chatLimits?: ChatLimits | undefined;
  } & SessionContextDeps;
}

/** VALIDATION_ERROR when the turn asks for more than this server allows. */
function assertWithinLimits(limits: ChatLimits | undefined, input: TChatRequest): void {
  if (!limits) return;
  const issues: Array<{ path: string; message: string }> = [];
  if (input.max_tokens !== undefined && input.max_tokens > limits.maxReplyTokens) {
    issues.push({ path: 'max_tokens', message: `At most ${limits.maxReplyTokens} on this server` });
  }
  if (input.max_context_tokens > limits.maxContextTokens) {
    issues.push({ path: 'max_context_tokens', message: `At most ${limits.maxContextTokens} on this server` });
  }
  if (issues.length > 0) throw new AppError('VALIDATION_ERROR', 'The turn asks for more than this server allows', issues);
}

const PROVIDER_ROLE: Record<TMessageRole, ProviderRole> = { User: 'user', Assistant: 'assistant', System: 'system' };

/** The part of `delta` that keeps the reply within the message size limit (never half a surrogate pair). */
function withinReplyLimit(reply: string, delta: string): string {
  const room = CONVERSATION_LIMITS.messageChars - reply.length;
  if (delta.length <= room) return delta;
  const cut = delta.slice(0, Math.max(0, room));
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export async function* chatTurn(context: ChatTurnContext, input: TChatRequest, signal?: AbortSignal): AsyncGenerator<TChatEvent> {
  if (input.lastEventId) {
    throw new AppError(
      'CONFLICT',
      'This chat turn was interrupted and is not replayed; reload the conversation to see what was recorded',
    );
  }
  assertWithinLimits(context.deps.chatLimits, input);
  await assertWithinBudget(context.tenant, context.deps.tokenBudgets, context.auth.userId, context.deps.now());
  const provider = await conversationProvider(context, input.conversation_id);
  context.deps.providers.assertOffers(provider, input.model);
  const userDraft = input.content === undefined ? undefined : ({ role: 'User', content: input.content, model: null } as const);
  if (input.replace_from) {
    if (!userDraft && input.replace_from.offset === 0) {
      throw new AppError('VALIDATION_ERROR', 'A reply with nothing before it cannot be regenerated', [
        { path: 'replace_from.offset', message: 'Regenerate a reply that follows a message' },
      ]);
    }
    const replacement = userDraft ? prepareMessage(userDraft, context.deps.now()) : undefined;
    const userMessage = await replaceTail(
      context,
      input.conversation_id,
      input.replace_from,
      userDraft ? 'User' : 'Assistant',
      replacement,
    );
    yield { type: 'replaced', from_offset: input.replace_from.offset };
    if (userMessage) yield { type: 'user_message', message: userMessage };
  } else if (userDraft) {
    yield { type: 'user_message', message: await addMessage(context, input.conversation_id, userDraft) };
  }

  // From here on the turn has a recorded message: it ends with an event, never by being retried.
  let reply = '';
  let answeredBy: string | undefined;
  let usage: CompletionUsage | undefined;
  let finished = false;
  let failure: AppError | undefined;
  let partial: TMessage | null = null;
  let request: CompletionRequest | undefined;
  let sentContext: TSentContext | null = null;
  const record = (draft: { content: string; interrupted: boolean; tokenCount?: number }) =>
    addMessage(context, input.conversation_id, { role: 'Assistant', model: answeredBy ?? input.model, sentContext, ...draft });
  try {
    ({ request, sentContext } = await completionRequest(context, input));
    for await (const chunk of provider.llm.streamChat(request, signal)) {
      if (chunk.model && chunk.model.length <= CONVERSATION_LIMITS.modelChars) answeredBy = chunk.model;
      usage = chunk.usage ?? usage;
      const content = withinReplyLimit(reply, chunk.content);
      if (content.length > 0) {
        reply += content;
        yield { type: 'delta', content };
      }
      if (content.length < chunk.content.length) {
        // Leaving the loop cancels the provider's request; the reply so far is kept, interrupted.
        failure = new AppError(
          'PAYLOAD_TOO_LARGE',
          `The reply reached ${CONVERSATION_LIMITS.messageChars} characters and was cut there`,
        );
        break;
      }
    }
    if (!failure) finished = true;
  } catch (error) {
    if (error instanceof LlmProviderError) failure = providerAppError(error);
    else if (error instanceof AppError) failure = error;
    else throw error; // the client left (abort), or a bug
  } finally {
    // Also runs when the client closed the subscription while a delta was in flight (return()).
    if (!finished && reply.length > 0) {
      try {
        partial = await record({ content: reply, interrupted: true });
      } catch (error) {
        // E.g. the conversation was archived or deleted meanwhile: say so rather than fail the stream.
        // A bug, not the provider or the conversation: it must surface.
        // eslint-disable-next-line no-unsafe-finally -- rethrown on purpose, see above
        if (!(error instanceof AppError)) throw error;
        failure ??= error;
      }
    }
  }
  // What the turn cost, as the provider reports it or, without its figures, as the tokenizer counts.
  const spent = usage
    ? usage.prompt_tokens + usage.completion_tokens
    : (request?.messages.reduce((sum, message) => sum + countTokens(String(message.content)), 0) ?? 0) + countTokens(reply);
  if (request) await recordTokens(context.tenant, context.auth.userId, context.deps.now(), spent);
  if (!failure && reply.length === 0)
    failure = new AppError('SERVICE_UNAVAILABLE', 'The model provider finished without any reply text');
  if (failure) {
    yield { type: 'error', code: failure.code, message: failure.message, partial_message: partial };
    return;
  }
  let assistantMessage: TMessage;
  try {
    assistantMessage = await record({ content: reply, interrupted: false, tokenCount: usage?.completion_tokens });
  } catch (error) {
    // E.g. the conversation was deleted or archived while the model was answering.
    if (!(error instanceof AppError)) throw error;
    yield { type: 'error', code: error.code, message: error.message, partial_message: null };
    return;
  }
  yield { type: 'assistant_message', message: assistantMessage, usage: usage ?? null };
  // In the background: the turn is over for the client; a failed summary waits for the next one.
  void summarizeIfDue(context, input.conversation_id, input.model).catch(() => undefined);
}

/** What the session says (system message), then the conversation's recent history within the caller's token budget. */
async function completionRequest(
  context: ChatTurnContext,
  input: TChatRequest,
): Promise<{ request: CompletionRequest; sentContext: TSentContext }> {
  const history = contextWindow(
    await recentMessages(context, input.conversation_id, CHAT_LIMITS.historyMessages),
    input.max_context_tokens,
  );
  const session = await sessionContext(context, input.conversation_id, CHAT_LIMITS.sessionContextTokens, {
    mentions: input.mentions,
    selection: input.selection,
  });
  const request: CompletionRequest = {
    model: input.model,
    messages: [
      { role: 'system', content: session.content },
      ...history.map((message) => ({ role: PROVIDER_ROLE[message.role], content: message.content })),
    ],
  };
  if (input.temperature !== undefined) request.temperature = input.temperature;
  const maxTokens = input.max_tokens ?? context.deps.chatLimits?.maxReplyTokens;
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  const { selection } = input;
  const sentContext: TSentContext = {
    files: session.included,
    left_out: session.left_out,
    mentions: session.mentions,
    selection: selection
      ? { path: normalPath(selection.path), start_line: selection.start_line, end_line: selection.end_line }
      : null,
    // The newest message of the history is the turn's own (the user's message, or the one a regenerated reply answers).
    history_messages: Math.max(0, history.length - 1),
    system_tokens: session.tokens,
  };
  return { request, sentContext };
}
