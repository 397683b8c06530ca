import { describe, expect, it } from 'vitest';
import type { JsonValue, TSettingCategory, TSettingsByCategory } from '@coditect/api/contract';
import { memoryStorage } from '../../test-support/memory-storage';
import { ServerSettingsStore, type SettingsRemote } from './server-settings-store';
import { localSettingsCache } from './settings-cache';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The settings service's behaviour in memory, with calls recorded and optionally held or failed. */
function serverSettings(initial: TSettingsByCategory = {}) {
  let stored: TSettingsByCategory = structuredClone(initial);
  const calls: string[] = [];
  let failNext: Error | null = null;
  let holdReads: Promise<void> | null = null;
  const remote: SettingsRemote = {
    async getAll() {
      calls.push('getAll');
      // Read now, delivered when released: an answer that can be overtaken by a write.
      const answer = structuredClone(stored);
      if (holdReads) await holdReads;
      return answer;
    },
    async set(category: TSettingCategory, key: string, value: JsonValue) {
      calls.push(`set ${category}.${key}=${JSON.stringify(value)}`);
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      stored = { ...stored, [category]: { ...stored[category], [key]: value } };
    },
    async remove(category: TSettingCategory, key: string) {
      calls.push(`delete ${category}.${key}`);
      const { [key]: _gone, ...rest } = stored[category] ?? {};
      stored = { ...stored, [category]: rest };
    },
  };
  return {
    remote,
    calls,
    stored: () => stored,
    failNextWrite: (error: Error) => (failNext = error),
    holdReads: () => {
      let release!: () => void;
      holdReads = new Promise((resolve) => (release = resolve));
      return () => {
        holdReads = null;
        release();
      };
    },
  };
}

function storeOver(server: ReturnType<typeof serverSettings>, storage: Storage = memoryStorage()) {
  return new ServerSettingsStore({
    remote: server.remote,
    cache: localSettingsCache(storage, 'ada'),
    describeError: (error) => (error as Error).message,
    debounceMs: 5,
  });
}

describe('ServerSettingsStore', () => {
  it('paints from this browser’s copy, then shows the server’s settings', async () => {
    const storage = memoryStorage();
    localSettingsCache(storage, 'ada').write({ theme: { color_scheme: 'light' } });
    const server = serverSettings({ theme: { color_scheme: 'light' }, editor: { font_size: 18 } });
    const store = storeOver(server, storage);
    expect(store.read()).toEqual({ theme: { color_scheme: 'light' } });
    expect(store.status()).toEqual({ state: 'loading' });
    await store.load();
    expect(store.read()).toEqual({ theme: { color_scheme: 'light' }, editor: { font_size: 18 } });
    expect(store.status()).toEqual({ state: 'saved' });
    // …and keeps the copy for the next first paint.
    expect(localSettingsCache(storage, 'ada').read()).toEqual(store.read());
  });

  it('applies a change at once and writes only the latest value after the pause', async () => {
    const server = serverSettings();
    const store = storeOver(server);
    await store.load();
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.set('editor', 'font_size', 1);
    store.set('editor', 'font_size', 14);
    expect(store.read()).toEqual({ editor: { font_size: 14 } });
    expect(store.status()).toEqual({ state: 'saving' });
    expect(notified).toBeGreaterThan(0);
    await sleep(20);
    await store.flush();
    expect(server.calls).toEqual(['getAll', 'set editor.font_size=14']);
    expect(server.stored()).toEqual({ editor: { font_size: 14 } });
    expect(store.status()).toEqual({ state: 'saved' });
  });

  it('deletes a setting reset to its default', async () => {
    const server = serverSettings({ editor: { tab_size: 4, font_size: 16 } });
    const store = storeOver(server);
    await store.load();
    store.reset('editor', 'tab_size');
    expect(store.read()).toEqual({ editor: { font_size: 16 } });
    await store.flush();
    expect(server.stored()).toEqual({ editor: { font_size: 16 } });
  });

  it('keeps a failed change on screen, says so, and sends it again on retry', async () => {
    const server = serverSettings();
    const store = storeOver(server);
    await store.load();
    server.failNextWrite(new Error('Cannot reach the server'));
    store.set('theme', 'color_scheme', 'light');
    await store.flush();
    expect(store.status()).toEqual({ state: 'failed', during: 'save', message: 'Cannot reach the server' });
    expect(store.read()).toEqual({ theme: { color_scheme: 'light' } });
    store.retry();
    await store.flush();
    expect(store.status()).toEqual({ state: 'saved' });
    expect(server.stored()).toEqual({ theme: { color_scheme: 'light' } });
  });

  it('keeps unsent changes on top of a server read', async () => {
    const server = serverSettings({ editor: { font_size: 12, tab_size: 4 } });
    const store = storeOver(server);
    store.set('editor', 'font_size', 20);
    await store.load();
    expect(store.read()).toEqual({ editor: { font_size: 20, tab_size: 4 } });
    await store.flush();
    expect(server.stored()).toEqual({ editor: { font_size: 20, tab_size: 4 } });
  });

  it('reads again when a write landed while a read was out (its answer may predate the write)', async () => {
    const server = serverSettings({ editor: { font_size: 12 } });
    const store = storeOver(server);
    await store.load();
    store.set('editor', 'font_size', 20);
    const release = server.holdReads();
    const reading = store.load();
    await store.flush();
    release();
    await reading;
    expect(store.read()).toEqual({ editor: { font_size: 20 } });
    expect(server.calls.filter((call) => call === 'getAll')).toHaveLength(3);
  });

  it('sends on the next page what a page reloaded right after a change did not get to send', async () => {
    const storage = memoryStorage();
    const server = serverSettings();
    const before = storeOver(server, storage);
    await before.load();
    before.set('theme', 'color_scheme', 'light');
    before.reset('editor', 'font_size');
    // The page goes away before the pause is over: nothing was written.
    expect(server.calls).toEqual(['getAll']);

    const after = storeOver(server, storage);
    expect(after.read()).toEqual({ theme: { color_scheme: 'light' }, editor: {} });
    const stop = after.start();
    await after.flush();
    await after.load();
    expect(server.stored()).toEqual({ theme: { color_scheme: 'light' }, editor: {} });
    expect(after.read()).toEqual({ theme: { color_scheme: 'light' }, editor: {} });
    expect(localSettingsCache(storage, 'ada').readUnsent()).toEqual([]);
    stop();
  });

  it('says when the server’s settings could not be read, showing the copy meanwhile', async () => {
    const storage = memoryStorage();
    localSettingsCache(storage, 'ada').write({ editor: { font_size: 18 } });
    const store = new ServerSettingsStore({
      remote: { ...serverSettings().remote, getAll: () => Promise.reject(new Error('Cannot reach the server')) },
      cache: localSettingsCache(storage, 'ada'),
      describeError: (error) => (error as Error).message,
    });
    await store.load();
    expect(store.status()).toEqual({ state: 'failed', during: 'load', message: 'Cannot reach the server' });
    expect(store.read()).toEqual({ editor: { font_size: 18 } });
  });
});
