// A local stand-in for an OpenAI-compatible provider (LM Studio, OpenAI...), speaking the exact
// wire format: GET /v1/models, POST /v1/chat/completions with `stream: true` answered by
// `data: {chat.completion.chunk}` events, an optional usage chunk, and `data: [DONE]`.
//
// The requested model picks the behaviour, `mode` or `mode:arg`:
//   ok             the reply "You said: <last message>" in word-sized deltas, usage if asked for
//   no-usage       the same, never a usage chunk
//   slow-start:ms  waits before answering at all (default 300 ms)
//   hold           two deltas, then holds the stream open until the client goes away
//   disconnect     two deltas, then drops the connection
//   http-500       HTTP 500 with an OpenAI error object
//   garbage        one delta, then a line that is not JSON
//   error-event    one delta, then `data: {"error": ...}` mid-stream
//   empty          no content at all, then [DONE]
//   flood:n        n deltas of 1,000 "x" each, then [DONE]
//   script:name    the scripted conversation `name` (see `scripts`): the reply to a request is the
//                  turn numbered by the assistant messages it already holds, so a resumed task
//                  picks up where it was; tool calls stream as OpenAI does, split across chunks
import { useFileResource } from './file-resource';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply: text, tool calls (arguments as the model would write them, valid JSON or not), or a stream held open. */
export interface ScriptedTurn {
  content?: string;
  tool_calls?: Array<{ name: string; arguments: string }>;
  /**
   * The first time this turn is asked for, holds the stream open after the content until the
   * client goes away; asked again (a resumed task), it answers normally.
   */
  hold?: boolean;
}

export interface RecordedCompletion {
  body: {
    model: string;
    messages: Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
    stream?: boolean;
    [key: string]: unknown;
  };
  authorization: string | undefined;
  /** Resolves when the client's connection to the fake closes (finished or aborted). */
  closed: Promise<void>;
  /** The fake wrote the whole answer (false when the client left first). */
  finished: boolean;
}

export interface FakeLlmProvider {
  /** Base URL to configure as LLM_BASE_URL, e.g. http://127.0.0.1:43210/v1 */
  baseUrl: string;
  completions: RecordedCompletion[];
  /** How GET /v1/models answers. */
  modelsMode: 'ok' | 'http-500' | 'garbage';
  /** Conversations for `fake-script:<name>` models, by name. */
  scripts: Map<string, ScriptedTurn[]>;
  close(): Promise<void>;
}

export const FAKE_MODELS = ['fake-ok', 'fake-no-usage', 'fake-hold'];

/** Scripted turns already held once (`script#turn`). */
const heldTurns = new Set<string>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeLlmProvider(): Promise<FakeLlmProvider> {
  const fake: FakeLlmProvider = {
    baseUrl: '',
    completions: [],
    modelsMode: 'ok',
    scripts: new Map(),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    handle(fake, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function handle(fake: FakeLlmProvider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/v1/models') return answerModels(fake, res);
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    return sendJson(res, 404, {
      error: { message: `Unexpected endpoint ${req.method} ${req.url}`, type: 'invalid_request_error' },
    });
  }
  const body = JSON.parse(await readText(req)) as RecordedCompletion['body'];
  const record: RecordedCompletion = {
    body,
    authorization: req.headers.authorization,
    closed: new Promise((resolve) => res.once('close', () => resolve())),
    finished: false,
  };
  fake.completions.push(record);
  const [mode = 'ok', arg] = body.model.replace(/^fake-/, '').split(':');
  const lastMessage = String(body.messages[body.messages.length - 1]?.content ?? '');
  const pieces = `You said: ${lastMessage}`.split(/(?= )/);
  const stream = new ChunkWriter(res, body.model);

  switch (mode) {
    case 'script': {
      const turns = fake.scripts.get(arg ?? '') ?? [];
      const turnIndex = body.messages.filter((message) => message.role === 'assistant').length;
      const turn = turns[turnIndex];
      if (!turn)
        return sendJson(res, 400, { error: { message: `Script ${arg} has no more turns`, type: 'invalid_request_error' } });
      stream.start();
      if (turn.content) stream.delta(turn.content);
      const heldKey = `${arg}#${turnIndex}`;
      if (turn.hold && !heldTurns.has(heldKey)) {
        heldTurns.add(heldKey);
        return; // until the client leaves
      }
      for (const [index, call] of (turn.tool_calls ?? []).entries()) {
        stream.toolCall(index, call.name, call.arguments);
        await sleep(1);
      }
      stream.finish(body, 5, turn.tool_calls?.length ? 'tool_calls' : 'stop');
      record.finished = true;
      return;
    }
    case 'http-500':
      return sendJson(res, 500, { error: { message: 'The model crashed', type: 'server_error', code: null } });
    case 'slow-start':
      await sleep(Number(arg ?? 300));
      if (res.destroyed) return;
      break;
    case 'hold':
      stream.start();
      stream.delta(pieces[0]!);
      stream.delta(pieces[1] ?? '!');
      return; // until the client leaves
    case 'disconnect':
      stream.start();
      stream.delta(pieces[0]!);
      stream.delta(pieces[1] ?? '!');
      await sleep(20);
      res.socket?.destroy();
      return;
    case 'garbage':
      stream.start();
      stream.delta(pieces[0]!);
      res.write('data: {"id": "chatcmpl-broken", "choices": [\n\n');
      await sleep(20);
      res.end();
      return;
    case 'error-event':
      stream.start();
      stream.delta(pieces[0]!);
      res.write(`data: ${JSON.stringify({ error: { message: 'Context length exceeded', type: 'invalid_request_error' } })}\n\n`);
      res.end();
      return;
    case 'flood':
      stream.start();
      for (let index = 0; index < Number(arg ?? 120) && !res.destroyed; index += 1) {
        stream.delta('x'.repeat(1000));
        if (index % 10 === 0) await sleep(1);
      }
      if (!res.destroyed) stream.finish(body, Number(arg ?? 120));
      record.finished = !res.destroyed;
      return;
    case 'empty':
      stream.start();
      stream.finish(body, 0);
      record.finished = true;
      return;
  }
  stream.start();
  for (const piece of pieces) {
    stream.delta(piece);
    await sleep(1);
  }
  stream.finish(mode === 'no-usage' ? { ...body, stream_options: undefined } : body, pieces.length);
  record.finished = true;
}

class ChunkWriter {
  private readonly id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly res: ServerResponse,
    private readonly model: string,
  ) {}

  start(): void {
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  }

  delta(content: string): void {
    this.chunk([{ index: 0, delta: { content }, logprobs: null, finish_reason: null }]);
  }

  /** A tool call as OpenAI streams it: id and name first, then the arguments in small pieces. */
  toolCall(index: number, name: string, args: string): void {
    const id = `call_${Math.random().toString(36).slice(2, 10)}`;
    const first = { index, id, type: 'function', function: { name, arguments: '' } };
    this.chunk([{ index: 0, delta: { tool_calls: [first] }, logprobs: null, finish_reason: null }]);
    for (let at = 0; at < args.length; at += 7) {
      const piece = { index, function: { arguments: args.slice(at, at + 7) } };
      this.chunk([{ index: 0, delta: { tool_calls: [piece] }, logprobs: null, finish_reason: null }]);
    }
  }

  finish(body: RecordedCompletion['body'], completionTokens: number, finishReason = 'stop'): void {
    this.chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      const promptTokens = body.messages.length * 7;
      // Deliberately unlike any tokenizer's count, so tests can tell which one was used.
      const completion = completionTokens * 10 + 1;
      this.chunk([], { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion });
    }
    this.res.end('data: [DONE]\n\n');
  }

  private chunk(choices: unknown[], usage?: unknown): void {
    const payload = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      system_fingerprint: null,
      choices,
      ...(usage ? { usage } : {}),
    };
    this.res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }
}

function answerModels(fake: FakeLlmProvider, res: ServerResponse): void {
  if (fake.modelsMode === 'http-500') return sendJson(res, 500, { error: { message: 'No models loaded', type: 'server_error' } });
  if (fake.modelsMode === 'garbage') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"object": "list", "data": [');
    return;
  }
  sendJson(res, 200, {
    object: 'list',
    // Scripted conversations are listed too, so a browser test can pick one in a model picker.
    data: [...FAKE_MODELS, ...[...fake.scripts.keys()].map((name) => `fake-script:${name}`)].map((id) => ({
      id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'fake-lab',
    })),
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A provider shared by a file's tests (declare it before the server that points at it). */
export function useFakeLlmProvider(): FakeLlmProvider {
  return useFileResource(startFakeLlmProvider, (provider) => provider.close());
}
