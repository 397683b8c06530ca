// Where the settings live until the server's settings service is there: this browser's
// localStorage, per user, in the contract's shape (category → key → JSON value), so moving them
// to settings.getAll/set is a change of store, not of shape. Other tabs follow via storage events.
import { ZSettingsByCategory, type JsonValue, type TSettingCategory, type TSettingsByCategory } from '@coditect/api/contract';

export interface SettingsStore {
  /** The same object until something changes (for useSyncExternalStore). */
  read(): TSettingsByCategory;
  set(category: TSettingCategory, key: string, value: JsonValue): void;
  reset(category: TSettingCategory, key: string): void;
  subscribe(listener: () => void): () => void;
}

export function settingsStorageKey(userId: string): string {
  return `coditect.settings.${userId}`;
}

export function localSettingsStore(
  storage: Storage,
  userId: string,
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): SettingsStore {
  const key = settingsStorageKey(userId);
  const listeners = new Set<() => void>();
  let snapshot = load();

  function load(): TSettingsByCategory {
    try {
      const parsed = ZSettingsByCategory.safeParse(JSON.parse(storage.getItem(key) ?? '{}'));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  function commit(next: TSettingsByCategory) {
    snapshot = next;
    try {
      storage.setItem(key, JSON.stringify(next));
    } catch {
      // still applied in this tab
    }
    for (const listener of listeners) listener();
  }

  const onStorage = (event: StorageEvent) => {
    if (event.key !== key && event.key !== null) return;
    snapshot = load();
    for (const listener of listeners) listener();
  };

  return {
    read: () => snapshot,
    set(category, settingKey, value) {
      commit({ ...snapshot, [category]: { ...snapshot[category], [settingKey]: value } });
    },
    reset(category, settingKey) {
      const { [settingKey]: _removed, ...rest } = snapshot[category] ?? {};
      commit({ ...snapshot, [category]: rest });
    },
    subscribe(listener) {
      if (listeners.size === 0) events?.addEventListener('storage', onStorage);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events?.removeEventListener('storage', onStorage);
      };
    },
  };
}
