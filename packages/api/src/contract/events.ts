// The live channel: one WebSocket per browser tab (GET /api/v5/events) carrying events of the
// sessions it subscribes to. Not REST routes: the socket calls these operations for its first
// frame (connect) and each subscription (subscribe), so the usual authentication, isolation and
// audit apply. The events themselves are described in docs/api-rules.md (WebSockets).
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZTimestamp } from './common';
import { ZEntryType } from './files';
import { UPDATABLE_SESSION_FIELDS } from './sessions';
import { ZRunningTerminal } from './terminals';

export const ZLiveEventType = z.enum(['session.updated', 'file.changed', 'file.created', 'file.deleted', 'terminal.exited']);
export type TLiveEventType = z.infer<typeof ZLiveEventType>;

export const eventsContract = {
  connect: defineOperation({
    type: 'query',
    input: z.strictObject({}),
    output: z.object({ user_id: ZId, tenant_id: ZId }),
    meta: {
      access: 'user',
      summary: 'Check the live channel’s credential (its first frame)',
      errors: [],
    },
  }),
  subscribe: defineOperation({
    type: 'query',
    input: z.strictObject({ session_id: ZId }),
    output: z.object({ session_id: ZId, version: z.number().int() }),
    meta: {
      access: 'user',
      summary: 'Check that the live channel may carry a session’s events',
      errors: ['SESSION_NOT_FOUND'],
    },
  }),
};

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
