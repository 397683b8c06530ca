// The WebSockets' AsyncAPI document: valid for the AsyncAPI project's own parser (its schema and
// ruleset, warnings included), complete (a message for every frame of the contract), and true —
// every frame a real server sends and takes on both sockets matches a message of the document.
import { Parser } from '@asyncapi/parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import {
  ZLiveClientFrame,
  ZLiveControlFrame,
  ZLiveEventFrame,
  ZPtyClientFrame,
  ZPtyServerFrame,
} from '@coditect/api/contract/sockets';
import { attachTerminal, ready } from '../support/pty-client';
import { sessionFiles } from '../support/session-files';
import { getJson, useTestServer } from '../support/test-server';

type Document = {
  channels: Record<string, { messages: Record<string, { contentType: string; payload: object }> }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; messages: Array<{ $ref: string }> }>;
};

/** Diagnostics of severity error (0) or warning (1). */
async function findings(document: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(document));
  return diagnostics
    .filter((diagnostic) => diagnostic.severity <= 1)
    .map((diagnostic) => `${diagnostic.code} at ${diagnostic.path.join('.')}: ${diagnostic.message}`);
}

/** A validator per channel and direction: a frame is valid when one of the operation's messages takes it. */
function validators(document: Document) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const byKey = new Map<string, ValidateFunction[]>();
  for (const operation of Object.values(document.operations)) {
    const channel = operation.channel.$ref.split('/').at(-1)!;
    const checks = operation.messages.map((ref) => {
      const message = document.channels[channel]!.messages[ref.$ref.split('/').at(-1)!]!;
      return message.contentType === 'application/json' ? ajv.compile(message.payload) : undefined;
    });
    byKey.set(
      `${channel}:${operation.action}`,
      checks.filter((check) => check !== undefined),
    );
  }
  return (channel: string, action: 'send' | 'receive', frame: unknown) =>
    (byKey.get(`${channel}:${action}`) ?? []).some((validate) => validate(frame));
}

describe('the AsyncAPI document of the WebSockets', () => {
  const server = useTestServer({ env: { TERMINALS_ENABLED: 'true' } });
  const load = async () => (await getJson(`${server.url}/api/v5/asyncapi.json`)).body as Document;

  it('is valid for the AsyncAPI parser, warnings included, and names a message for every frame', async () => {
    const document = await load();
    expect(await findings(document)).toEqual([]);
    const count = (channel: string) => Object.keys(document.channels[channel]!.messages).length;
    // + keystrokes and output, the binary frames.
    expect(count('terminal')).toBe(ZPtyClientFrame.options.length + ZPtyServerFrame.options.length + 2);
    expect(count('live')).toBe(
      ZLiveClientFrame.options.length + ZLiveControlFrame.options.length + ZLiveEventFrame.options.length,
    );
  }, 60_000);

  it('does find what is wrong (the parser is not a rubber stamp)', async () => {
    const document = await load();
    const shouting = structuredClone(document) as Record<string, any>;
    shouting.operations.sendLiveFrames.action = 'shout';
    expect((await findings(shouting)).join('\n')).toMatch(/action/);
    const dangling = structuredClone(document) as Record<string, any>;
    dangling.operations.sendLiveFrames.messages.push({ $ref: '#/channels/live/messages/nowhere' });
    expect((await findings(dangling)).join('\n')).toMatch(/nowhere/);
  }, 60_000);

  it('takes every frame a real server sends and is sent, and refuses frames the server refuses', async () => {
    const accepts = validators(await load());
    const files = await sessionFiles(server);
    const token = files.user.accessToken;

    // The live channel: auth, subscribe (to its own session and another's), ping, a file event.
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v5/events`);
    const frames: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    const until = async (match: (frame: Record<string, unknown>) => boolean) => {
      for (let tries = 0; !frames.some(match); tries += 1) {
        if (tries > 500) throw new Error(`no such frame in ${JSON.stringify(frames)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await new Promise((resolve) => ws.once('open', resolve));
    const sent = [
      { type: 'auth', token },
      { type: 'subscribe', session_id: files.sessionId },
      { type: 'subscribe', session_id: '00000000-0000-4000-8000-000000000000' },
      { type: 'ping' },
    ];
    // Sent in one go: what follows the auth frame waits for its answer, it is not lost.
    for (const frame of sent) ws.send(JSON.stringify(frame));
    await until((frame) => frame.type === 'pong');
    await files.put('notes.md', { content: 'hello' });
    await until((frame) => frame.event === 'file.created');
    ws.send(JSON.stringify({ type: 'unsubscribe', session_id: files.sessionId }));
    await until((frame) => frame.type === 'unsubscribed');
    ws.close();
    expect(frames.map((frame) => frame.type)).toEqual(
      expect.arrayContaining(['ready', 'subscribed', 'error', 'pong', 'event', 'unsubscribed']),
    );
    for (const frame of sent) expect(accepts('live', 'receive', frame), JSON.stringify(frame)).toBe(true);
    for (const frame of frames) expect(accepts('live', 'send', frame), JSON.stringify(frame)).toBe(true);

    // A terminal: attach, resize, a command that exits.
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, { title: 'doc' }, token);
    const terminal = attachTerminal(server.url, files.sessionId, created.body.data.terminal_id, token);
    await ready(terminal);
    const resize = { type: 'resize', cols: 100, rows: 30 };
    terminal.ws.send(JSON.stringify(resize));
    terminal.type('exit 3\r');
    await terminal.closed;
    expect(terminal.controls.map((frame) => frame.type)).toEqual(['ready', 'exit']);
    for (const frame of [{ type: 'auth', token }, resize]) expect(accepts('terminal', 'receive', frame)).toBe(true);
    for (const frame of terminal.controls) expect(accepts('terminal', 'send', frame), JSON.stringify(frame)).toBe(true);

    // What the server closes the socket for, the document refuses too.
    for (const frame of [
      { type: 'subscribe' },
      { type: 'subscribe', session_id: files.sessionId, extra: 1 },
      { type: 'shout' },
      { type: 'auth', token: '' },
    ]) {
      expect(accepts('live', 'receive', frame), JSON.stringify(frame)).toBe(false);
    }
    expect(accepts('terminal', 'receive', { type: 'resize', cols: 0, rows: 30 })).toBe(false);
    expect(
      accepts('live', 'send', { type: 'event', event: 'file.created', id: '1', session_id: files.sessionId, data: {} }),
    ).toBe(false);
  }, 60_000);
});
