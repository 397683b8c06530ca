// @vitest-environment happy-dom
// The calls an open session makes while someone edits steadily, through the real hooks and a tRPC
// client whose link answers like the server and counts every call: ten minutes of one edit a
// second must stay far below the default per-user limit of 100 calls a minute.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@coditect/api';
import type { TSessionSummary, TUpdateSessionRequest, TWorkspaceSession } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { useSessionPages } from './sessions-panel';
import { useSessionAutosave } from './use-session-autosave';

const SESSION_ID = '0b7b3d4e-2f0a-4c55-9a53-7d2f1b6a4c10';
const summary: TSessionSummary = {
  session_id: SESSION_ID,
  workspace_path: null,
  name: 'steady',
  tags: [],
  parent_session_id: null,
  version: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  last_accessed_at: '2026-01-01T00:00:00.000Z',
};
const session = {
  ...summary,
  editor_state: { open_files: [], active_file: null, cursor_position: null },
} as unknown as TWorkspaceSession;

function countingServer() {
  const calls: { path: string; at: number }[] = [];
  let version = 1;
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, at: Date.now() });
        let data: unknown;
        if (op.path === 'sessions.list') data = { sessions: [{ ...summary, version }], count: 1, next_cursor: null };
        else if (op.path === 'sessions.update') {
          version += 1;
          data = { session_id: SESSION_ID, updated_at: new Date().toISOString(), fields_updated: [], version };
          void (op.input as TUpdateSessionRequest);
        } else throw new Error(`unexpected call ${op.path}`);
        void Promise.resolve().then(() => {
          observer.next({ result: { type: 'data', data } });
          observer.complete();
        });
      });
  const client = trpc.createClient({ links: [link] });
  return { calls, client };
}

describe('an open session edited steadily', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('makes a handful of calls a minute, and the session list is updated in place, never refetched', async () => {
    const { calls, client } = countingServer();
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <trpc.Provider client={client} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </trpc.Provider>
    );
    const { result } = renderHook(
      () => ({
        list: useSessionPages(),
        saving: useSessionAutosave(session, { debounceMs: 800, onReloaded: () => {}, onRemoteChange: () => {} }),
      }),
      { wrapper },
    );
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(result.current.list.data?.pages[0]?.sessions[0]?.name).toBe('steady');

    const start = Date.now();
    for (let second = 0; second < 600; second += 1) {
      act(() =>
        result.current.saving.autosave.edit({
          editor_state: { open_files: ['a.ts'], active_file: 'a.ts', cursor_position: { line: 0, column: second } },
          ...(second % 60 === 0 ? { name: `steady ${second}` } : {}),
        }),
      );
      await act(() => vi.advanceTimersByTimeAsync(1000));
    }
    await act(() => vi.advanceTimersByTimeAsync(15_000));

    const during = calls.filter((call) => call.at >= start);
    const busiestMinute = Math.max(
      ...during.map((call) => during.filter((other) => other.at >= call.at && other.at < call.at + 60_000).length),
    );
    expect(busiestMinute).toBeLessThanOrEqual(11);
    expect(during.length).toBeLessThanOrEqual(105);
    expect(during.filter((call) => call.path === 'sessions.list')).toHaveLength(0);
    expect(result.current.saving.status.state).toBe('saved');
    // The list shows the last name saved, at the top, without asking the server.
    expect(result.current.list.data?.pages[0]?.sessions[0]?.name).toBe('steady 540');
  });
});
