// This browser's copy of a user's settings (localStorage, per user, in the contract's shape):
// it paints the first frame in the user's theme before the server has answered, and carries a
// change to the other tabs at once (storage events).
import { ZSettingsByCategory, type TSettingsByCategory } from '@coditect/api/contract';

export interface SettingsCache {
  read(): TSettingsByCategory;
  write(settings: TSettingsByCategory): void;
  /** Called with what another tab wrote. */
  subscribe(listener: (settings: TSettingsByCategory) => void): () => void;
}

export function settingsStorageKey(userId: string): string {
  return `coditect.settings.${userId}`;
}

export function localSettingsCache(
  storage: Storage,
  userId: string,
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): SettingsCache {
  const key = settingsStorageKey(userId);

  function read(): TSettingsByCategory {
    try {
      const parsed = ZSettingsByCategory.safeParse(JSON.parse(storage.getItem(key) ?? '{}'));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  return {
    read,
    write(settings) {
      try {
        storage.setItem(key, JSON.stringify(settings));
      } catch {
        // Quota or privacy mode: the server still has them; only the first paint loses.
      }
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === key) listener(read());
      };
      events?.addEventListener('storage', onStorage);
      return () => events?.removeEventListener('storage', onStorage);
    },
  };
}
