// What the chat needs from a model provider, and how its failures reach the caller.
import { AppError } from '../../errors/app-error';

export interface ProviderModel {
  id: string;
  owned_by: string | null;
}

export type ProviderRole = 'system' | 'user' | 'assistant';

export interface CompletionRequest {
  model: string;
  messages: Array<{ role: ProviderRole; content: string }>;
  temperature?: number;
  max_tokens?: number;
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
