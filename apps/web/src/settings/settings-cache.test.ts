import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { localSettingsCache, settingsStorageKey } from './settings-cache';

describe('localSettingsCache', () => {
  it('keeps each user’s copy apart, in the contract’s shape', () => {
    const storage = memoryStorage();
    localSettingsCache(storage, 'ada').write({ editor: { font_size: 18 }, theme: { color_scheme: 'light' } });
    expect(localSettingsCache(storage, 'ada').read()).toEqual({ editor: { font_size: 18 }, theme: { color_scheme: 'light' } });
    expect(localSettingsCache(storage, 'bob').read()).toEqual({});
  });

  it('ignores stored data that is not the contract’s shape', () => {
    const storage = memoryStorage();
    storage.setItem(settingsStorageKey('ada'), JSON.stringify({ colours: { a: 1 } }));
    expect(localSettingsCache(storage, 'ada').read()).toEqual({});
    storage.setItem(settingsStorageKey('ada'), '{broken');
    expect(localSettingsCache(storage, 'ada').read()).toEqual({});
  });

  it('hands over what another tab wrote for this user only', () => {
    const storage = memoryStorage();
    const listeners = new Set<(event: StorageEvent) => void>();
    const events = {
      addEventListener: (_type: string, listener: (event: StorageEvent) => void) => listeners.add(listener),
      removeEventListener: (_type: string, listener: (event: StorageEvent) => void) => listeners.delete(listener),
    } as unknown as Pick<Window, 'addEventListener' | 'removeEventListener'>;
    const seen: unknown[] = [];
    const stop = localSettingsCache(storage, 'ada', events).subscribe((settings) => seen.push(settings));
    localSettingsCache(storage, 'ada').write({ editor: { tab_size: 4 } });
    for (const listener of listeners) listener({ key: settingsStorageKey('bob') } as StorageEvent);
    for (const listener of listeners) listener({ key: settingsStorageKey('ada') } as StorageEvent);
    expect(seen).toEqual([{ editor: { tab_size: 4 } }]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
