// A user's settings in the tenant's space, one key per (user, category, key), plus a count per
// category so the number of settings stays bounded without reading them all.
import type { ScopedTransaction } from '@coditect/store';
import type { JsonValue } from '../../contract/common';
import type { TSettingCategory } from '../../contract/settings';

export interface SettingRecord {
  value: JsonValue;
  updated_at: string;
}

export interface StoredSetting extends SettingRecord {
  category: TSettingCategory;
  key: string;
}

export const settingRepository = {
  get(tenant: ScopedTransaction, userId: string, category: TSettingCategory, key: string): Promise<SettingRecord | undefined> {
    return tenant.get<SettingRecord>(['setting', userId, category, key]);
  },

  /** All of the user's settings (or one category's), in category then key order. */
  async list(tenant: ScopedTransaction, userId: string, category?: TSettingCategory): Promise<StoredSetting[]> {
    const prefix = category === undefined ? ['setting', userId] : ['setting', userId, category];
    const entries = await tenant.getRange<SettingRecord>(prefix);
    return entries.map(({ key, value }) => ({ ...value, category: key[2] as TSettingCategory, key: String(key[3]) }));
  },

  async count(tenant: ScopedTransaction, userId: string, category: TSettingCategory): Promise<number> {
    return (await tenant.get<number>(['setting_count', userId, category])) ?? 0;
  },

  setCount(tenant: ScopedTransaction, userId: string, category: TSettingCategory, count: number): void {
    tenant.set(['setting_count', userId, category], count);
  },

  put(tenant: ScopedTransaction, userId: string, setting: StoredSetting): void {
    tenant.set(['setting', userId, setting.category, setting.key], { value: setting.value, updated_at: setting.updated_at });
  },

  remove(tenant: ScopedTransaction, userId: string, category: TSettingCategory, key: string): void {
    tenant.clear(['setting', userId, category, key]);
  },
};
