// A subscriber's view of changes to a session's files: `ready` once the tree is watched, then
// batches of changes as the library reports them (debounced, coalesced by state). Batches wait in
// a bounded queue while the subscriber is slow; past it they are dropped for one `overflow`, which
// tells the client to reload rather than trust a partial history. Closing the subscription (the
// signal) stops the watch.
import type { WatchEvent } from '@coditect/workspace';
import type { TWatchEvent } from '../../contract/files';
import { sessionFiles, type FilesContext } from './session-files';
import { onWorkspace } from './workspace-failure';

/** Batches queued for one subscriber before the rest are dropped for an `overflow`. */
const MAX_QUEUED_BATCHES = 256;

export async function* watchFiles(context: FilesContext, sessionId: string, signal?: AbortSignal): AsyncGenerator<TWatchEvent> {
  const files = await sessionFiles(context, sessionId, 'read');
  const queue: TWatchEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | undefined;
  const push = (event: TWatchEvent) => {
    if (overflowed) return;
    if (queue.length >= MAX_QUEUED_BATCHES) {
      overflowed = true;
      queue.length = 0;
      queue.push({ type: 'overflow' });
    } else {
      queue.push(event);
    }
    wake?.();
  };
  const subscription = files.watch(
    (events: WatchEvent[]) => push({ type: 'changes', changes: events.map(({ kind, path, type }) => ({ kind, path, type })) }),
    { onLimit: (reason) => push({ type: 'limit', reason }) },
  );
  const stopped = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    await onWorkspace(subscription.ready);
    yield { type: 'ready' };
    while (!signal?.aborted) {
      if (queue.length === 0) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stopped]);
        continue;
      }
      const event = queue.shift()!;
      if (event.type === 'overflow') overflowed = false;
      yield event;
    }
  } finally {
    subscription.close();
  }
}
