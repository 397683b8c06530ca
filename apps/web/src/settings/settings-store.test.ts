import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { localSettingsStore, settingsStorageKey } from './settings-store';

describe('localSettingsStore', () => {
  it('keeps each user’s settings apart, in the contract’s shape', () => {
    const storage = memoryStorage();
    const ada = localSettingsStore(storage, 'ada');
    ada.set('editor', 'font_size', 18);
    ada.set('theme', 'color_scheme', 'light');
    expect(ada.read()).toEqual({ editor: { font_size: 18 }, theme: { color_scheme: 'light' } });
    expect(localSettingsStore(storage, 'bob').read()).toEqual({});
    expect(localSettingsStore(storage, 'ada').read()).toEqual(ada.read());
  });

  it('gives a stable snapshot until something changes, and notifies on change', () => {
    const store = localSettingsStore(memoryStorage(), 'ada');
    let notified = 0;
    store.subscribe(() => (notified += 1));
    const before = store.read();
    expect(store.read()).toBe(before);
    store.set('editor', 'word_wrap', true);
    expect(store.read()).not.toBe(before);
    store.reset('editor', 'word_wrap');
    expect(store.read()).toEqual({ editor: {} });
    expect(notified).toBe(2);
  });

  it('ignores stored data that is not the contract’s shape', () => {
    const storage = memoryStorage();
    storage.setItem(settingsStorageKey('ada'), JSON.stringify({ colours: { a: 1 } }));
    expect(localSettingsStore(storage, 'ada').read()).toEqual({});
    storage.setItem(settingsStorageKey('ada'), '{broken');
    expect(localSettingsStore(storage, 'ada').read()).toEqual({});
  });
});
