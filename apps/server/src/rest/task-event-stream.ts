// GET …/tasks/:task_id/events asked with `Accept: text/event-stream`: the events after `after` (or
// Last-Event-ID) as the operation pages them — so its authentication, limits and tenant scope run
// as for any call — then each new event of the task as this process publishes it, as Server-Sent
// Events, until the task completes. Events published out of order leave a gap, which is read from
// the operation again rather than skipped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, TTaskEvent, TTaskEventPage } from '@coditect/api';
import type { EventHub, NumberedEvent } from '../live/event-hub';
import type { HeaderMap, NumberedResponse } from '../http/json-response';

export interface EventStreamRequest {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: ApiContext;
  input: Record<string, unknown>;
  /** Calls the operation (one page). */
  page: (input: Record<string, unknown>) => Promise<unknown>;
  /** Headers for the answer once the first page was read (its rate-limit window). */
  headers: () => HeaderMap;
}

export type EventStreamHandler = (request: EventStreamRequest) => Promise<void>;

const PAGE = 500;

export function wantsEventStream(req: IncomingMessage): boolean {
  return /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(req.headers.accept ?? '');
}

function frame(event: TTaskEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function createTaskEventStream(hub: EventHub | undefined, heartbeatMs = 15_000): EventStreamHandler {
  return async ({ req, res, ctx, input, page, headers }) => {
    const lastEventId = req.headers['last-event-id'];
    let last = Number(typeof lastEventId === 'string' && /^\d{1,12}$/.test(lastEventId) ? lastEventId : (input.after ?? 0));
    const read = async () => (await page({ ...input, after: String(last), limit: PAGE })) as TTaskEventPage;
    // The first page answers errors (no such task, not yours, limits) as JSON, before the stream starts.
    let backlog = await read();
    const { caller } = ctx.request;
    const taskId = String(input.task_id);
    const queued: TTaskEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe =
      caller &&
      hub?.subscribe(caller.tenantId, String(input.session_id), (event: NumberedEvent) => {
        const data = event.data as unknown as TTaskEvent;
        if (data.task_id !== taskId) return;
        queued.push(data);
        wake?.();
      });
    let closed = false;
    const onClose = () => {
      closed = true;
      wake?.();
    };
    req.once('close', onClose);
    res.writeHead(200, {
      'x-request-id': (res as NumberedResponse).requestId ?? '',
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      ...headers(),
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    let ended = false;
    const send = (event: TTaskEvent) => {
      res.write(frame(event));
      last = Number(event.id);
      if (event.type === 'task.complete') ended = true;
    };
    try {
      for (;;) {
        for (const event of backlog.events) send(event);
        if (!backlog.has_more || ended) break;
        backlog = await read();
      }
      while (!ended && !closed) {
        const next = queued.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const id = Number(next.id);
        if (id <= last) continue;
        if (id === last + 1) {
          send(next);
          continue;
        }
        queued.unshift(next);
        for (const event of (await read()).events) send(event);
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe?.();
      req.off('close', onClose);
      res.end();
    }
  };
}
