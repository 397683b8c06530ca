// The live channel: one WebSocket per browser tab (GET /api/v5/events) carrying events of the
// sessions it subscribes to. Not REST routes: the socket calls these operations for its first
// frame (connect) and each subscription (subscribe), so the usual authentication, isolation and
// audit apply. The events themselves are described in docs/api-rules.md (WebSockets).
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId } from './common';
import { ZTaskEventType } from './tasks';

export const ZLiveEventType = z.enum([
  'session.updated',
  'file.changed',
  'file.created',
  'file.deleted',
  'terminal.exited',
  'terminal.created',
  'terminal.renamed',
  ...ZTaskEventType.options,
]);
export type TLiveEventType = z.infer<typeof ZLiveEventType>;

export const eventsContract = {
  connect: defineOperation({
    type: 'query',
    input: z.strictObject({}),
    output: z.object({ user_id: ZId, tenant_id: ZId, full_name: z.string() }),
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
