// What the chat needs from a model provider, and how its failures reach the caller.
import { AppError } from '../../errors/app-error';

export interface ProviderModel {
  id: string;
  owned_by: string | null;
}

export type ProviderRole = 'system' | 'user' | 'assistant';

/** A call the model made, as the OpenAI wire format carries it (arguments are JSON text). */
export interface ProviderToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A message of the conversation sent to the provider; agent tasks add tool calls and their results. */
export type ProviderMessage =
  | { role: ProviderRole; content: string }
  | { role: 'user'; content: Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }> }
  | { role: 'assistant'; content: string | null; tool_calls: ProviderToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function the model may call: its JSON Schema parameters. */
export interface ProviderTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface CompletionRequest {
  model: string;
  messages: ProviderMessage[];
  tools?: ProviderTool[];
  temperature?: number;
  max_tokens?: number;
}

/** A piece of a streamed tool call: the call at `index` grows by these (id and name come first). */
export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  arguments?: string;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** One streamed piece of the reply. */
export interface CompletionChunk {
  content: string;
  /** The model the provider says answered (may differ in spelling from the one asked for). */
  model?: string;
  usage?: CompletionUsage;
  /** Pieces of tool calls (function calling). */
  tool_calls?: ToolCallDelta[];
}

export interface LlmProvider {
  listModels(signal?: AbortSignal): Promise<ProviderModel[]>;
  /**
   * The reply, piece by piece; ends normally only when the provider finished it. Aborting
   * `signal` (or leaving the loop early) cancels the upstream request.
   */
  streamChat(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionChunk>;
}

export type ProviderFailure = 'unreachable' | 'timeout' | 'http_status' | 'malformed' | 'disconnected' | 'provider_error';

export class LlmProviderError extends Error {
  override readonly name = 'LlmProviderError';
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Provider trouble is the service being unavailable for this call; the message says what happened. */
export function providerAppError(error: LlmProviderError): AppError {
  return new AppError('SERVICE_UNAVAILABLE', error.message);
}
