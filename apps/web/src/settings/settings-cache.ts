// This browser's copy of a user's settings (localStorage, per user, in the contract's shape):
// it paints the first frame in the user's theme before the server has answered, and carries a
// change to the other tabs at once (storage events). Changes not yet written to the server are
// kept too, so a reload right after a change still sends it.
import { z } from 'zod';
import {
  ZJsonValue,
  ZSettingCategory,
  ZSettingsByCategory,
  type JsonValue,
  type TSettingCategory,
  type TSettingsByCategory,
} from '@coditect/api/contract';

export interface SettingChange {
  category: TSettingCategory;
  key: string;
  /** Absent: back to the default (the stored value is deleted). */
  value?: JsonValue;
}

const ZUnsentChanges = z.array(z.object({ category: ZSettingCategory, key: z.string(), value: ZJsonValue.optional() }));

export interface SettingsCache {
  read(): TSettingsByCategory;
  write(settings: TSettingsByCategory): void;
  /** Called with what another tab wrote. */
  subscribe(listener: (settings: TSettingsByCategory) => void): () => void;
  readUnsent(): SettingChange[];
  writeUnsent(changes: SettingChange[]): void;
}

export function settingsStorageKey(userId: string): string {
  return `coditect.settings.${userId}`;
}

function unsentStorageKey(userId: string): string {
  return `coditect.settings-unsent.${userId}`;
}

export function localSettingsCache(
  storage: Storage,
  userId: string,
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): SettingsCache {
  const key = settingsStorageKey(userId);
  const unsentKey = unsentStorageKey(userId);

  function parsed<T>(schema: z.ZodType<T>, item: string, fallback: T): T {
    try {
      const result = schema.safeParse(JSON.parse(storage.getItem(item) ?? 'null'));
      return result.success ? result.data : fallback;
    } catch {
      return fallback;
    }
  }

  function store(item: string, value: unknown): void {
    try {
      if (value === null) storage.removeItem(item);
      else storage.setItem(item, JSON.stringify(value));
    } catch {
      // Quota or privacy mode: this tab still has them; only a reload loses.
    }
  }

  const read = () => parsed(ZSettingsByCategory, key, {});

  return {
    read,
    write: (settings) => store(key, settings),
    readUnsent: () => parsed(ZUnsentChanges, unsentKey, []) as SettingChange[],
    writeUnsent: (changes) => store(unsentKey, changes.length > 0 ? changes : null),
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === key) listener(read());
      };
      events?.addEventListener('storage', onStorage);
      return () => events?.removeEventListener('storage', onStorage);
    },
  };
}
