import { beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { SETTINGS_PER_CATEGORY, SETTING_VALUE_MAX_BYTES, type AppRouter } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RestClient } from '../support/rest-client';
import { ISO_TIMESTAMP } from '../support/formats';

const EMPTY = { editor: {}, theme: {}, llm: {}, terminal: {}, workspace: {} };

describe('settings over REST', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  it('starts with every category empty', async () => {
    const user = await registerUser(api);
    const { status, body } = await api.get('/settings', user.accessToken);
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, data: EMPTY });
  });

  it('upserts any JSON value and groups by category (the documented shapes)', async () => {
    const user = await registerUser(api);
    const set = await api.put('/settings/editor/theme', { value: 'dark' }, user.accessToken);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      success: true,
      data: { category: 'editor', key: 'theme', value: 'dark', updated_at: expect.stringMatching(ISO_TIMESTAMP) },
    });
    const values: Array<[string, string, unknown]> = [
      ['editor', 'font_size', 14],
      ['editor', 'line_numbers', true],
      ['editor', 'word_wrap', false],
      ['llm', 'default_model', 'meta-llama-3.3-70b'],
      ['llm', 'temperature', 0.7],
      ['theme', 'accent_color', '#007acc'],
      ['workspace', 'recent.paths', ['/a', '/b']],
      ['terminal', 'shell-env', { TERM: 'xterm', nested: { n: null } }],
      ['terminal', 'nothing', null],
    ];
    for (const [category, key, value] of values) {
      const { status } = await api.put(`/settings/${category}/${key}`, { value }, user.accessToken);
      expect(status).toBe(200);
    }
    await api.put('/settings/editor/theme', { value: 'light' }, user.accessToken);

    const all = await api.get('/settings', user.accessToken);
    expect(all.body.data).toEqual({
      editor: { theme: 'light', font_size: 14, line_numbers: true, word_wrap: false },
      llm: { default_model: 'meta-llama-3.3-70b', temperature: 0.7 },
      theme: { accent_color: '#007acc' },
      workspace: { 'recent.paths': ['/a', '/b'] },
      terminal: { 'shell-env': { TERM: 'xterm', nested: { n: null } }, nothing: null },
    });
    const editor = await api.get('/settings?category=editor', user.accessToken);
    expect(editor.body).toEqual({
      success: true,
      data: { editor: { theme: 'light', font_size: 14, line_numbers: true, word_wrap: false } },
    });
  });

  it('deletes one key; a missing key is 404 SETTING_NOT_FOUND', async () => {
    const user = await registerUser(api);
    await api.put('/settings/editor/theme', { value: 'dark' }, user.accessToken);
    const removed = await api.delete('/settings/editor/theme', user.accessToken);
    expect(removed).toMatchObject({ status: 200, body: { success: true, message: 'Setting deleted successfully' } });
    const again = await api.delete('/settings/editor/theme', user.accessToken);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      success: false,
      error: { code: 'SETTING_NOT_FOUND', message: 'Setting not found: editor.theme' },
    });
    expect((await api.get('/settings', user.accessToken)).body.data).toEqual(EMPTY);
  });

  it('settings are per user: another user (same store) neither sees nor deletes them', async () => {
    const owner = await registerUser(api);
    const other = await registerUser(api);
    await api.put('/settings/theme/accent_color', { value: '#fff' }, owner.accessToken);
    expect((await api.get('/settings', other.accessToken)).body.data).toEqual(EMPTY);
    expect((await api.delete('/settings/theme/accent_color', other.accessToken)).status).toBe(404);
    expect((await api.get('/settings?category=theme', owner.accessToken)).body.data).toEqual({ theme: { accent_color: '#fff' } });
  });

  it('rejects bad categories, keys, values and fields with 400, never 500', async () => {
    const user = await registerUser(api);
    const cases: Array<[string, string, unknown]> = [
      ['PUT', '/settings/colors/theme', { value: 'x' }],
      ['PUT', '/settings/editor/Theme', { value: 'x' }],
      ['PUT', `/settings/editor/${'k'.repeat(65)}`, { value: 'x' }],
      ['PUT', '/settings/editor/a%20b', { value: 'x' }],
      ['PUT', '/settings/editor/theme', {}],
      ['PUT', '/settings/editor/theme', { value: 'x', extra: 1 }],
      ['PUT', '/settings/editor/theme', { value: 'x'.repeat(SETTING_VALUE_MAX_BYTES) }],
      ['PUT', '/settings/editor/theme', '{"value": '],
      ['GET', '/settings?category=colors', undefined],
      ['DELETE', '/settings/colors/theme', undefined],
    ];
    for (const [method, path, body] of cases) {
      const response = await api.call(method, path, { body, token: user.accessToken });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
    const fits = await api.put('/settings/editor/theme', { value: 'x'.repeat(SETTING_VALUE_MAX_BYTES - 2) }, user.accessToken);
    expect(fits.status).toBe(200);
  });

  it('a value nested deeper than the validator follows is a plain 400, and nothing is stored', async () => {
    const user = await registerUser(api);
    const deep = `{"value": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const response = await api.call('PUT', '/settings/editor/deep', { body: deep, token: user.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Input is nested too deeply',
      details: [{ path: '', message: 'Input is nested too deeply' }],
    });
    expect((await api.get('/settings?category=editor', user.accessToken)).body.data).toEqual({ editor: {} });
  });

  it('requires a token', async () => {
    expect((await api.get('/settings')).status).toBe(401);
    expect((await api.put('/settings/editor/theme', { value: 1 })).status).toBe(401);
    expect((await api.delete('/settings/editor/theme')).status).toBe(401);
  });

  it(`holds at most ${SETTINGS_PER_CATEGORY} keys per category; replacing and deleting keep the count right`, async () => {
    const user = await registerUser(api);
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${user.accessToken}` } })],
    });
    for (let start = 0; start < SETTINGS_PER_CATEGORY; start += 50) {
      const keys = Array.from({ length: Math.min(50, SETTINGS_PER_CATEGORY - start) }, (_, i) => `k${start + i}`);
      await Promise.all(keys.map((key) => client.settings.set.mutate({ category: 'llm', key, value: 1 })));
    }
    await client.settings.set.mutate({ category: 'llm', key: 'k0', value: 2 });
    const full = await client.settings.set
      .mutate({ category: 'llm', key: 'one-more', value: 1 })
      .catch((error: unknown) => error);
    expect(full).toBeInstanceOf(TRPCClientError);
    expect((full as TRPCClientError<AppRouter>).data).toMatchObject({ httpStatus: 400, appCode: 'VALIDATION_ERROR' });
    expect((await client.settings.set.mutate({ category: 'editor', key: 'other-category', value: 1 })).key).toBe(
      'other-category',
    );
    await client.settings.delete.mutate({ category: 'llm', key: 'k1' });
    await client.settings.set.mutate({ category: 'llm', key: 'one-more', value: 1 });
    const llm = (await client.settings.getAll.query({ category: 'llm' })).llm!;
    expect(Object.keys(llm)).toHaveLength(SETTINGS_PER_CATEGORY);
    expect(llm.k0).toBe(2);
  });
});
