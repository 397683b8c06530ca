// The AsyncAPI 3.0 document of the API's two WebSockets (GET <base>/asyncapi.json), generated from
// the frames' zod schemas in the contract (contract/sockets.ts) as the OpenAPI document is from the
// procedures': a terminal's attach socket and the live channel, every frame each side sends, and
// the close codes. Operations are the server's view: it receives the client's frames, sends its own.
import { z } from 'zod';
import {
  LIVE_EVENTS_PATH,
  SOCKET_CLOSE_CODES,
  TERMINAL_PTY_PATH,
  ZLiveClientFrame,
  ZLiveControlFrame,
  ZLiveEventFrame,
  ZPtyClientFrame,
  ZPtyServerFrame,
} from '@coditect/api/contract/sockets';

export interface AsyncApiInfo {
  version: string;
  /** Where the REST shim (and the sockets) are mounted, e.g. /api/v5. */
  basePath: string;
}

type JsonSchema = Record<string, unknown>;

interface Message {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  payload: JsonSchema;
}

const CLOSE_CODES: Record<keyof typeof SOCKET_CLOSE_CODES, string> = {
  normal: 'the terminal ended (attach socket) or the client said goodbye',
  goingAway: 'the server is stopping',
  badFrame: 'a bad frame: not JSON, binary before auth, an unknown type, a value out of range',
  unauthorized: 'no auth frame within 10 s, or a bad credential',
  forbidden: 'the credential may not do this (a read API key attaching to a terminal)',
  notFound: 'the session or terminal is not the caller’s (answered as a missing one)',
  tooSlow: 'the client reads too slowly (megabytes queued)',
  rateLimited: 'rate limited',
  unavailable: 'terminals are off on this server',
};

const DESCRIPTION = [
  'The WebSockets of the Coditect V5 API, beside its REST operations (openapi.json). Neither takes a',
  'credential in the URL: the first text frame is `{"type":"auth","token":"<access token or API key>"}`,',
  'checked within 10 s exactly as `Authorization: Bearer` would be — tenant isolation, rate limits and',
  'the audit trail included. Frames are at most 1 MiB; the server pings every 30 s and drops a peer',
  'that did not answer the previous ping.',
  '',
  'Close codes are 4000 + the HTTP status of a refusal, with the error’s message as the reason:',
  '',
  ...Object.entries(SOCKET_CLOSE_CODES).map(
    ([name, code]) => `- \`${code}\` ${CLOSE_CODES[name as keyof typeof SOCKET_CLOSE_CODES]}`,
  ),
].join('\n');

/** A frame schema as JSON Schema draft 7 (AsyncAPI's schema format), inlined: a payload's `$ref`s would resolve against the whole document. */
function payloadOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    target: 'draft-7',
    unrepresentable: 'any',
    metadata: z.registry(),
  }) as JsonSchema;
  return json;
}

type FrameUnion = z.ZodDiscriminatedUnion<readonly z.ZodObject[]>;

/** One message per member of a discriminated union of frames, named by its discriminator's value. */
function framesOf(union: FrameUnion, key: string, prefix: string, io: 'input' | 'output', what: string): Message[] {
  return union.options.map((option) => {
    const value = String((option.shape[key] as z.ZodLiteral).value);
    const name = `${prefix}.${value}`;
    return {
      name,
      title: `${value} (${what})`,
      summary: option.description ?? `The \`${value}\` ${what}.`,
      contentType: 'application/json',
      payload: payloadOf(option, io),
    };
  });
}

const BINARY_PAYLOAD: JsonSchema = { type: 'string', format: 'binary' };

function messagesOf(messages: Message[]): Record<string, Message> {
  return Object.fromEntries(messages.map((message) => [message.name.replace(/[^A-Za-z0-9_-]/g, '_'), message]));
}

function refs(channel: string, messages: Record<string, Message>) {
  return Object.keys(messages).map((key) => ({ $ref: `#/channels/${channel}/messages/${key}` }));
}

export function buildAsyncApiDocument(info: AsyncApiInfo): Record<string, unknown> {
  const ptyIn = messagesOf([
    ...framesOf(ZPtyClientFrame as unknown as FrameUnion, 'type', 'pty', 'input', 'client text frame'),
    {
      name: 'pty.keystrokes',
      title: 'keystrokes (client binary frame)',
      summary: 'What the user types, as bytes, after the `ready` frame.',
      contentType: 'application/octet-stream',
      payload: BINARY_PAYLOAD,
    },
  ]);
  const ptyOut = messagesOf([
    ...framesOf(ZPtyServerFrame as unknown as FrameUnion, 'type', 'pty', 'output', 'server text frame'),
    {
      name: 'pty.output',
      title: 'output (server binary frame)',
      summary: 'The terminal’s output as bytes: first the recent screen (bounded scrollback), then live.',
      contentType: 'application/octet-stream',
      payload: BINARY_PAYLOAD,
    },
  ]);
  const liveIn = messagesOf(framesOf(ZLiveClientFrame as unknown as FrameUnion, 'type', 'live', 'input', 'client frame'));
  const liveOut = messagesOf([
    ...framesOf(ZLiveControlFrame as unknown as FrameUnion, 'type', 'live', 'output', 'server frame'),
    ...framesOf(ZLiveEventFrame as unknown as FrameUnion, 'event', 'event', 'output', 'event').map((message) => ({
      ...message,
      summary: `An event of a subscribed session: \`${message.name.slice('event.'.length)}\`. \`id\` is what \`last_event_id\` names to resume after it.`,
    })),
  ]);

  const idParameter = (description: string) => ({ description });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Coditect V5 WebSockets',
      version: info.version,
      description: DESCRIPTION,
      contact: { name: 'Coditect', url: 'https://coditect.ai' },
      license: { name: 'Proprietary' },
    },
    defaultContentType: 'application/json',
    servers: {
      coditect: {
        host: '{host}',
        protocol: 'ws',
        pathname: info.basePath,
        description: 'The server that serves this document (wss behind TLS).',
        variables: { host: { default: 'localhost:8080', description: 'The server’s host and port' } },
      },
    },
    channels: {
      terminal: {
        address: openPath(TERMINAL_PTY_PATH),
        title: 'A terminal’s attach socket',
        description:
          'After auth the server sends `ready`, the recent screen and live output. A `read` API key may not attach. ' +
          'Binary frames from the client are keystrokes; text frames are JSON control. The socket closes with 1000 after `exit`.',
        parameters: {
          session_id: idParameter('The workspace session'),
          terminal_id: idParameter('The terminal (terminals.create)'),
        },
        messages: { ...ptyIn, ...ptyOut },
      },
      live: {
        address: openPath(LIVE_EVENTS_PATH),
        title: 'The live channel',
        description:
          'After auth the server sends `ready`. `subscribe` to a session answers `subscribed` (then the events missed ' +
          'since `last_event_id`, or `reset` when they are no longer known) or `error` (`SESSION_NOT_FOUND` for another’s ' +
          'session; the socket stays open).',
        messages: { ...liveIn, ...liveOut },
      },
    },
    operations: {
      receiveTerminalFrames: {
        action: 'receive',
        title: 'The client types and resizes',
        channel: { $ref: '#/channels/terminal' },
        messages: refs('terminal', ptyIn),
      },
      sendTerminalFrames: {
        action: 'send',
        title: 'The server sends the terminal’s state and output',
        channel: { $ref: '#/channels/terminal' },
        messages: refs('terminal', ptyOut),
      },
      receiveLiveFrames: {
        action: 'receive',
        title: 'The client subscribes to sessions',
        channel: { $ref: '#/channels/live' },
        messages: refs('live', liveIn),
      },
      sendLiveFrames: {
        action: 'send',
        title: 'The server answers and sends the sessions’ events',
        channel: { $ref: '#/channels/live' },
        messages: refs('live', liveOut),
      },
    },
  };
}

/** `/sessions/:session_id/…` → `/sessions/{session_id}/…` */
function openPath(path: string): string {
  return path.replace(/:([a-z_]+)/g, '{$1}');
}
