// files.watch over SSE (tRPC subscription, as the browser subscribes): `ready`, then what the API,
// a terminal (writing to the tree directly) or anyone else changes; another user's session is
// refused like a missing one; closing the subscription releases the watcher.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { AppRouter, TWatchEvent } from '@coditect/api';
import { chatClient } from '../support/chat-client';
import { registerUser } from '../support/rest-client';
import { sessionFiles } from '../support/session-files';
import { useTestServer } from '../support/test-server';

type Change = Extract<TWatchEvent, { type: 'changes' }>['changes'][number];

function watcher(client: ReturnType<typeof chatClient>, sessionId: string) {
  const events: TWatchEvent[] = [];
  let failure: TRPCClientError<AppRouter> | undefined;
  let notify: (() => void) | undefined;
  const subscription = client.files.watch.subscribe(
    { session_id: sessionId },
    {
      onData: (event) => {
        events.push(event.data);
        notify?.();
      },
      onError: (error) => {
        failure = error as TRPCClientError<AppRouter>;
        notify?.();
      },
    },
  );
  const changes = () => events.flatMap((event) => (event.type === 'changes' ? event.changes : []));
  /** Waits until `done` holds over what arrived (events come as the library reports them). */
  const until = async (done: () => boolean) => {
    while (!done() && !failure) await new Promise<void>((resolve) => (notify = resolve));
  };
  return { events, changes, until, failure: () => failure, close: () => subscription.unsubscribe() };
}

const has = (changes: Change[], kind: Change['kind'], path: string) => changes.some((c) => c.kind === kind && c.path === path);

describe('files.watch', () => {
  const server = useTestServer();

  it('reports what the API and a terminal change, then stops with the subscription', async () => {
    const files = await sessionFiles(server);
    const client = chatClient(server.url, { via: 'ticket', token: files.user.accessToken });
    const watch = watcher(client, files.sessionId);
    await watch.until(() => watch.events.length > 0);
    expect(watch.events[0]).toEqual({ type: 'ready' });

    await files.put('src/app.ts', { content: 'one' });
    await watch.until(() => has(watch.changes(), 'created', 'src/app.ts'));
    // A terminal writes to the tree directly.
    await writeFile(join(files.tree, 'src', 'app.ts'), 'two');
    await watch.until(() => has(watch.changes(), 'changed', 'src/app.ts'));
    await rm(join(files.tree, 'src', 'app.ts'));
    await watch.until(() => has(watch.changes(), 'deleted', 'src/app.ts'));
    expect(watch.failure()).toBeUndefined();
    expect(server.deps.workspaces.root.watchStats().workspaces).toBe(1);

    watch.close();
    await expect.poll(() => server.deps.workspaces.root.watchStats().workspaces).toBe(0);
  });

  it('refuses another user’s session as it refuses a missing one', async () => {
    const files = await sessionFiles(server);
    const stranger = await registerUser(server.api);
    const client = chatClient(server.url, { via: 'ticket', token: stranger.accessToken });
    const watch = watcher(client, files.sessionId);
    await watch.until(() => false);
    watch.close();
    expect(watch.failure()?.data?.appCode).toBe('SESSION_NOT_FOUND');
    expect(watch.events).toEqual([]);
  });
});
