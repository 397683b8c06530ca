// An OpenAI-compatible provider over HTTP (LM Studio, vLLM, Ollama, OpenAI...): `/models` and
// streamed `/chat/completions`. Every wait — for the answer's headers and between two pieces of
// the stream — is bounded by `timeoutMs`, so a stalled provider cannot hold a chat open forever.
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { readCompletionStream, truncate } from './completion-stream';
import { AddressRefusedError } from './guarded-dispatcher';
import { LlmProviderError, type CompletionChunk, type LlmProvider, type ProviderModel } from './llm-provider';

export interface OpenAiCompatibleOptions {
  /** e.g. http://localhost:1234/v1 */
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  /** How connections are made (a tenant's provider: only to addresses its policy allows). */
  dispatcher?: Dispatcher | undefined;
}

const ZModelList = z.object({
  data: z.array(z.object({ id: z.string().min(1), owned_by: z.string().nullish() })),
});

const MAX_MODEL_LIST_BYTES = 4 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

const ZErrorBody = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): LlmProvider {
  const base = options.baseUrl.replace(/\/+$/, '');
  // Node's fetch takes a dispatcher from the undici package of its own major version.
  const via = options.dispatcher ? ({ dispatcher: options.dispatcher } as RequestInit) : {};
  const headers = (extra: Record<string, string> = {}) => ({
    ...extra,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  });

  return {
    async listModels(signal) {
      const watch = new UpstreamWatch(options.timeoutMs, signal);
      try {
        const response = await watch.guard(
          fetch(`${base}/models`, { ...via, headers: headers(), signal: watch.signal }),
          'connect',
        );
        if (!response.ok) throw await watch.guard(statusError(response), 'stream');
        const text = await watch.guard(readText(response, MAX_MODEL_LIST_BYTES), 'stream');
        const parsed = ZModelList.safeParse(text === undefined ? undefined : parseJson(text));
        if (!parsed.success) throw new LlmProviderError('malformed', 'The model provider sent a malformed model list');
        return parsed.data.data.map((model): ProviderModel => ({ id: model.id, owned_by: model.owned_by ?? null }));
      } finally {
        watch.end();
      }
    },

    async *streamChat(request, signal) {
      const watch = new UpstreamWatch(options.timeoutMs, signal);
      try {
        const response = await watch.guard(
          fetch(`${base}/chat/completions`, {
            ...via,
            method: 'POST',
            headers: headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
            body: JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } }),
            signal: watch.signal,
          }),
          'connect',
        );
        if (!response.ok) throw await watch.guard(statusError(response), 'stream');
        if (!response.body) throw new LlmProviderError('malformed', 'The model provider sent an empty answer');
        watch.touch();
        const chunks = readCompletionStream(response.body as unknown as AsyncIterable<Uint8Array>, () => watch.touch());
        while (true) {
          const next: IteratorResult<CompletionChunk> = await watch.guard(chunks.next(), 'stream');
          if (next.done) return;
          yield next.value;
        }
      } finally {
        // Also reached when the consumer stops early: the upstream request must not outlive it.
        watch.end();
      }
    },
  };
}

/** Before the answer's headers (cannot connect: unreachable) or while reading its body. */
type Phase = 'connect' | 'stream';

/**
 * The upstream request's abort controller: aborted by the caller's signal, by a wait longer than
 * the timeout, or when the call ends. `guard` turns what a failed wait throws into a provider error.
 */
class UpstreamWatch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onCallerAbort = () => this.controller.abort();

  constructor(
    private readonly timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    if (caller?.aborted) this.controller.abort();
    caller?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  async guard<T>(pending: Promise<T>, phase: Phase): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      if (error instanceof LlmProviderError) throw error;
      if (this.timedOut) {
        throw new LlmProviderError('timeout', `The model provider did not answer within ${this.timeoutMs / 1000} s`, {
          cause: error,
        });
      }
      // The caller left: let the abort propagate as is, there is nobody to tell.
      if (this.caller?.aborted) throw error;
      throw networkError(error, phase);
    }
  }

  end(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }
}

function networkError(error: unknown, phase: Phase): LlmProviderError {
  if (phase === 'connect') {
    const cause = (error as { cause?: unknown } | undefined)?.cause;
    if (cause instanceof AddressRefusedError) return new LlmProviderError('unreachable', cause.message, { cause: error });
    const code = (cause as { code?: unknown } | undefined)?.code;
    const reason = typeof code === 'string' ? ` (${code})` : '';
    return new LlmProviderError(
      'unreachable',
      `The model provider is unreachable${reason}; is it running at the configured LLM_BASE_URL?`,
      { cause: error },
    );
  }
  return new LlmProviderError('disconnected', 'The connection to the model provider broke before the reply was finished', {
    cause: error,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined when it is longer than `maxBytes` (the rest is not read). */
async function readText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined; // leaving the loop cancels the body
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function statusError(response: Response): Promise<LlmProviderError> {
  const text = (await readText(response, MAX_ERROR_BODY_BYTES).catch(() => '')) ?? '';
  const parsed = ZErrorBody.safeParse(parseJson(text));
  // Not an OpenAI error object: the text itself is the best description there is.
  const detail = parsed.success
    ? typeof parsed.data.error === 'string'
      ? parsed.data.error
      : parsed.data.error.message
    : text.trim();
  const suffix = detail ? `: ${truncate(detail)}` : '';
  return new LlmProviderError('http_status', `The model provider answered HTTP ${response.status}${suffix}`);
}
