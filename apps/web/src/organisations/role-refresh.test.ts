import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../api/trpc';
import { refreshRole } from './role-refresh';

describe('refreshRole', () => {
  it('marks users.me and tenants.list for asking again, and nothing else', () => {
    const client = new QueryClient();
    const me = getQueryKey(trpc.users.me, undefined, 'query');
    const tenants = getQueryKey(trpc.tenants.list, undefined, 'query');
    const sessions = getQueryKey(trpc.sessions.list, { limit: 20 }, 'query');
    for (const key of [me, tenants, sessions]) client.setQueryData(key, {});
    refreshRole(client);
    expect([me, tenants, sessions].map((key) => client.getQueryState(key)?.isInvalidated)).toEqual([true, true, false]);
  });
});
