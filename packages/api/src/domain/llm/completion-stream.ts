// Reads an OpenAI-style streamed chat completion: server-sent events whose data are
// `chat.completion.chunk` objects (a last one may carry only `usage`), ended by `data: [DONE]`.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { z } from 'zod';
import { LlmProviderError, type CompletionChunk } from './llm-provider';

const ZCompletionChunk = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().int().min(0).max(127),
                  id: z.string().nullish(),
                  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: z.object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).nullish(),
});

const ZStreamedError = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });

/** A single event may not grow past this (a chunk is a few hundred bytes). */
const MAX_EVENT_CHARS = 1_000_000;

/**
 * Yields each chunk as it arrives; `onActivity` is called whenever bytes arrive (idle timeouts).
 * Throws LlmProviderError when the stream is malformed, reports an error, or ends before [DONE].
 */
export async function* readCompletionStream(
  body: AsyncIterable<Uint8Array>,
  onActivity: () => void,
): AsyncGenerator<CompletionChunk> {
  const events: EventSourceMessage[] = [];
  let parseFailure: string | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (event) => events.push(event),
    onError: (error) => {
      parseFailure ??= error.message;
    },
  });
  const decoder = new TextDecoder();
  let finished = false;
  for await (const bytes of body) {
    onActivity();
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (parseFailure !== undefined) throw malformed(`not a server-sent event stream (${parseFailure})`);
    while (events.length > 0) {
      const event = events.shift()!;
      if (event.data === '[DONE]') {
        finished = true;
        break;
      }
      yield parseChunk(event.data);
    }
    if (finished) return;
  }
  throw new LlmProviderError('disconnected', 'The model provider closed the stream before the reply was finished');
}

function parseChunk(data: string): CompletionChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw malformed(`an event is not JSON: ${truncate(data)}`);
  }
  const reported = ZStreamedError.safeParse(json);
  if (reported.success) {
    const { error } = reported.data;
    throw new LlmProviderError(
      'provider_error',
      `The model provider reported an error: ${truncate(typeof error === 'string' ? error : error.message)}`,
    );
  }
  const parsed = ZCompletionChunk.safeParse(json);
  if (!parsed.success) throw malformed(`an event is not a chat.completion.chunk: ${truncate(data)}`);
  const delta = parsed.data.choices[0]?.delta;
  const chunk: CompletionChunk = { content: delta?.content ?? '' };
  if (delta?.tool_calls?.length) {
    chunk.tool_calls = delta.tool_calls.map((call) => ({
      index: call.index,
      ...(call.id ? { id: call.id } : {}),
      ...(call.function?.name ? { name: call.function.name } : {}),
      ...(call.function?.arguments ? { arguments: call.function.arguments } : {}),
    }));
  }
  if (parsed.data.model) chunk.model = parsed.data.model;
  if (parsed.data.usage) chunk.usage = parsed.data.usage;
  return chunk;
}

function malformed(detail: string): LlmProviderError {
  return new LlmProviderError('malformed', `The model provider sent a malformed stream: ${detail}`);
}

export function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
