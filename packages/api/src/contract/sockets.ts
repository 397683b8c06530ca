// The wire protocol of the API's two WebSockets (docs/api-rules.md, WebSockets): a terminal's
// attach socket and the live channel — their paths under REST_PREFIX, the frames each side sends,
// and the close codes. Not part of the contract's barrel: only the code that opens the sockets
// loads it (the web app's sign-in page does not carry it).
import { z } from 'zod';
import { ZId, ZTimestamp } from './common';
import { ZEntryType } from './files';
import { UPDATABLE_SESSION_FIELDS } from './sessions';
import { ZTaskEvent, ZTaskEventType } from './tasks';
import { TERMINAL_LIMITS, TERMINAL_PATH, ZRunningTerminal } from './terminals';

/* ----------------------------------------------------------------------- the attach WebSocket */

/** The attach WebSocket, under REST_PREFIX (docs/api-rules.md, WebSockets). */
export const TERMINAL_PTY_PATH = `${TERMINAL_PATH}/pty`;

/** Client text frames: the credential first, then resizes; keystrokes are binary frames. */
export const ZPtyClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1) }),
  z.strictObject({
    type: z.literal('resize'),
    cols: z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols),
    rows: z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows),
  }),
]);
export type TPtyClientFrame = z.infer<typeof ZPtyClientFrame>;

/** Server text frames: `ready` (then the replayed screen and live output as binary frames), `exit`. */
export const ZPtyServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), terminal: ZRunningTerminal }),
  z.object({ type: z.literal('exit'), code: z.number().int().nullable(), reason: ZRunningTerminal.shape.end_reason }),
]);
export type TPtyServerFrame = z.infer<typeof ZPtyServerFrame>;

/* ------------------------------------------------------------------------ the wire protocol */

/** The live channel's WebSocket, under REST_PREFIX. */
export const LIVE_EVENTS_PATH = '/events';

/** Each event's `data`, by its type (docs/api-rules.md, WebSockets). Unknown extra fields pass. */
const ZFileEventData = z.object({ path: z.string(), entry_type: ZEntryType });
export const ZLiveEventFrame = z.discriminatedUnion('event', [
  z.object({
    type: z.literal('event'),
    id: z.string().min(1),
    session_id: ZId,
    event: z.literal('session.updated'),
    data: z.object({
      version: z.number().int(),
      fields_updated: z.array(z.enum(UPDATABLE_SESSION_FIELDS)),
      updated_at: ZTimestamp.optional(),
    }),
  }),
  ...(['file.created', 'file.changed', 'file.deleted'] as const).map((event) =>
    z.object({ type: z.literal('event'), id: z.string().min(1), session_id: ZId, event: z.literal(event), data: ZFileEventData }),
  ),
  z.object({
    type: z.literal('event'),
    id: z.string().min(1),
    session_id: ZId,
    event: z.literal('terminal.exited'),
    data: z.object({
      terminal_id: ZId,
      exit_code: z.number().int().nullable(),
      end_reason: ZRunningTerminal.shape.end_reason,
    }),
  }),
  z.object({
    type: z.literal('event'),
    id: z.string().min(1),
    session_id: ZId,
    event: z.literal('terminal.created'),
    data: z.object({ terminal_id: ZId, title: z.string() }),
  }),
  z.object({
    type: z.literal('event'),
    id: z.string().min(1),
    session_id: ZId,
    event: z.literal('terminal.renamed'),
    data: z.object({ terminal_id: ZId, title: z.string() }),
  }),
  // An agent task's event, as stored (tasks.events): the frame's `event` is its type.
  ...ZTaskEventType.options.map((event) =>
    z.object({ type: z.literal('event'), id: z.string().min(1), session_id: ZId, event: z.literal(event), data: ZTaskEvent }),
  ),
]);
export type TLiveEventFrame = z.infer<typeof ZLiveEventFrame>;

/** Client frames after the auth frame (`{"type":"auth","token"}`, as on the attach socket). */
export const ZLiveClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1) }),
  z.strictObject({ type: z.literal('subscribe'), session_id: ZId, last_event_id: z.string().optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), session_id: ZId }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type TLiveClientFrame = z.infer<typeof ZLiveClientFrame>;

/** Everything the server sends but events. */
export const ZLiveControlFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), user_id: ZId }),
  z.object({ type: z.literal('subscribed'), session_id: ZId, version: z.number().int() }),
  z.object({ type: z.literal('unsubscribed'), session_id: ZId }),
  /** The `last_event_id` is no longer in the server's history: what was missed is unknown. */
  z.object({ type: z.literal('reset'), session_id: ZId }),
  z.object({ type: z.literal('error'), session_id: ZId, code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
  /** Who follows the session on the live channel now (each user once): sent on subscribing and at every change. */
  z.object({
    type: z.literal('presence'),
    session_id: ZId,
    users: z.array(z.object({ user_id: ZId, full_name: z.string() })),
  }),
]);
export type TLiveControlFrame = z.infer<typeof ZLiveControlFrame>;

/** Close codes of both WebSockets: 4000 + the HTTP status of the refusal, or the WebSocket ones. */
export const SOCKET_CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  badFrame: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooSlow: 4408,
  rateLimited: 4429,
  unavailable: 4503,
} as const;
