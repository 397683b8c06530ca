// One live-channel WebSocket (GET /api/v5/events): after the auth frame the client subscribes to
// sessions and receives their events, each with an id; with `last_event_id` it first receives what
// it missed (or a `reset` when that is no longer known), and `presence` frames naming who follows
// the session (each user once). JSON text frames only.
import type { WebSocket } from 'ws';
import type { ApiContext } from '@coditect/api';
import {
  authenticateFirstFrame,
  resumeAfterAuth,
  closeCodeFor,
  closeWith,
  controlFrame,
  keepAlive,
  type FirstFrameOptions,
} from '../websocket/socket-auth';
import type { EventHub, NumberedEvent } from './event-hub';
import { toAppError } from '@coditect/api';

/** Sessions one socket may follow at once. */
const MAX_SUBSCRIPTIONS = 100;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface LiveSocketOptions {
  hub: EventHub;
  heartbeatMs: number;
  authTimeoutMs: number;
  /** Calls `events.<name>` with the socket's credential. */
  call(name: 'connect' | 'subscribe', withCredential: (base: ApiContext) => ApiContext, input: unknown): Promise<unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function serveLiveSocket(ws: WebSocket, options: LiveSocketOptions): Promise<void> {
  keepAlive(ws, options.heartbeatMs);
  let withCredential: ((base: ApiContext) => ApiContext) | undefined;
  type Connected = { user_id: string; tenant_id: string; full_name: string };
  const check: FirstFrameOptions<Connected>['check'] = async (credential) => {
    withCredential = credential;
    return (await options.call('connect', credential, {})) as Connected;
  };
  const identity = await authenticateFirstFrame(ws, { timeoutMs: options.authTimeoutMs, check });
  if (!identity || !withCredential) return;
  const credential = withCredential;
  const subscriptions = new Map<string, () => void>();
  const send = (frame: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      closeWith(ws, 4408, 'The client reads too slowly');
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const eventFrame = (event: NumberedEvent) => ({
    type: 'event',
    id: event.id,
    event: event.type,
    session_id: event.session_id,
    data: event.data,
  });
  ws.once('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });

  async function subscribe(sessionId: string, lastEventId: unknown) {
    if (subscriptions.has(sessionId)) return;
    if (subscriptions.size >= MAX_SUBSCRIPTIONS) {
      send({
        type: 'error',
        session_id: sessionId,
        code: 'VALIDATION_ERROR',
        message: `At most ${MAX_SUBSCRIPTIONS} sessions per socket`,
      });
      return;
    }
    let answer: { version: number };
    try {
      answer = (await options.call('subscribe', credential, { session_id: sessionId })) as { version: number };
    } catch (error) {
      const appError = toAppError(error);
      // Credentials that stopped working (logout, expiry) end the socket; a bad session is per subscription.
      if (appError.status === 401 || appError.status === 403) {
        closeWith(ws, closeCodeFor(appError), appError.message);
        return;
      }
      send({ type: 'error', session_id: sessionId, code: appError.code, message: appError.message });
      return;
    }
    if (ws.readyState !== ws.OPEN || subscriptions.has(sessionId)) return;
    const unsubscribe = options.hub.subscribe(identity!.tenant_id, sessionId, (event) => send(eventFrame(event)));
    let leave = () => {};
    subscriptions.set(sessionId, () => {
      unsubscribe();
      leave();
    });
    // "subscribed" promises that what changes from now on is reported: file changes included.
    await options.hub.watching(identity!.tenant_id, sessionId);
    if (ws.readyState !== ws.OPEN) return;
    send({ type: 'subscribed', session_id: sessionId, version: answer.version });
    // Who else follows the session (a shared one has several): told now and at every change.
    if (subscriptions.has(sessionId)) {
      const { user_id, full_name } = identity!;
      leave = options.hub.join(identity!.tenant_id, sessionId, { user_id, full_name }, (users) =>
        send({ type: 'presence', session_id: sessionId, users }),
      );
    }
    if (typeof lastEventId === 'string') {
      const missed = options.hub.since(identity!.tenant_id, sessionId, lastEventId);
      if (missed === undefined) send({ type: 'reset', session_id: sessionId });
      else for (const event of missed) send(eventFrame(event));
    }
  }

  ws.on('message', (data, isBinary) => {
    const frame = controlFrame(data, isBinary);
    const sessionId = typeof frame?.session_id === 'string' ? frame.session_id.toLowerCase() : undefined;
    if (frame?.type === 'ping') return send({ type: 'pong' });
    if (frame?.type === 'subscribe' && sessionId && UUID.test(sessionId)) {
      void subscribe(sessionId, frame.last_event_id);
      return;
    }
    if (frame?.type === 'unsubscribe' && sessionId) {
      subscriptions.get(sessionId)?.();
      subscriptions.delete(sessionId);
      return send({ type: 'unsubscribed', session_id: sessionId });
    }
    closeWith(ws, 4400, 'Frames are {"type":"subscribe"|"unsubscribe","session_id":…} or {"type":"ping"}');
  });
  ws.send(JSON.stringify({ type: 'ready', user_id: identity.user_id }));
  resumeAfterAuth(ws);
}
