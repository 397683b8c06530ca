// Rendered to static HTML (no DOM needed): what the list shows in each state.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Router } from 'wouter';
import type { TSessionSummary } from '@coditect/api/contract';
import { SESSION_SKELETON_ROWS, SessionList } from './session-list';

const now = Date.parse('2026-05-10T12:00:00Z');

function summary(overrides: Partial<TSessionSummary>): TSessionSummary {
  return {
    session_id: '11111111-1111-4111-8111-111111111111',
    workspace_path: '/home/ada/api',
    name: 'api work',
    tags: [],
    parent_session_id: null,
    version: 1,
    created_at: '2026-05-10T10:00:00Z',
    updated_at: '2026-05-10T11:55:00Z',
    last_accessed_at: '2026-05-10T11:55:00Z',
    ...overrides,
  };
}

function render(props: Partial<Parameters<typeof SessionList>[0]>) {
  return renderToStaticMarkup(
    <Router ssrPath="/">
      <SessionList sessions={[]} hasMore={false} loadingMore={false} onLoadMore={() => {}} now={now} {...props} />
    </Router>,
  );
}

describe('SessionList', () => {
  it('shows rows of the final size while loading', () => {
    const html = render({ sessions: undefined });
    expect(html).toContain('aria-busy="true"');
    expect(html.match(/session-row-skeleton/g)).toHaveLength(SESSION_SKELETON_ROWS);
  });

  it('explains what sessions are when there are none', () => {
    expect(render({ sessions: [] })).toContain('No sessions yet');
  });

  it('links each session, marks the open one and forks, and offers more pages', () => {
    const html = render({
      sessions: [
        summary({ name: 'api work', tags: ['api', 'rust'] }),
        summary({
          session_id: '22222222-2222-4222-8222-222222222222',
          name: 'api fork',
          parent_session_id: '11111111-1111-4111-8111-111111111111',
        }),
      ],
      activeSessionId: '22222222-2222-4222-8222-222222222222',
      hasMore: true,
    });
    expect(html).toContain('href="/sessions/11111111-1111-4111-8111-111111111111"');
    expect(html).toContain('api · rust');
    expect(html).toContain('5 minutes ago');
    expect(html).toMatch(
      /href="\/sessions\/22222222-[^"]+"[^>]*aria-current="page"|aria-current="page"[^>]*href="\/sessions\/22222222-/,
    );
    expect(html.match(/session-badge/g)).toHaveLength(1);
    expect(html).toContain('Load more');
    expect(render({ sessions: [summary({})], hasMore: false })).not.toContain('Load more');
  });
});
