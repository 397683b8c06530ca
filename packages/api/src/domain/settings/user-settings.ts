// Per-user settings (SPEC §3 ops 21–23): grouped by category, upserted and deleted one key at a time.
import { AppError } from '../../errors/app-error';
import {
  SETTING_CATEGORIES,
  SETTINGS_PER_CATEGORY,
  type TSetSettingRequest,
  type TSetting,
  type TSettingCategory,
  type TSettingsByCategory,
} from '../../router/settings/settings.types';
import type { JsonValue } from '../../router/common.types';
import type { TenantScope } from '../../storage/tenant-scope';
import { settingRepository } from './setting-repository';

/** Every category appears (empty when unset) unless one category is asked for. */
export async function getSettings(
  tenant: TenantScope,
  userId: string,
  category: TSettingCategory | undefined,
): Promise<TSettingsByCategory> {
  const settings = await tenant.transact((tx) => settingRepository.list(tx, userId, category));
  const grouped: TSettingsByCategory = {};
  for (const name of category === undefined ? SETTING_CATEGORIES : [category]) grouped[name] = {};
  for (const setting of settings) {
    (grouped[setting.category] as Record<string, JsonValue>)[setting.key] = setting.value;
  }
  return grouped;
}

export async function setSetting(tenant: TenantScope, userId: string, input: TSetSettingRequest, now: Date): Promise<TSetting> {
  const setting = { category: input.category, key: input.key, value: input.value, updated_at: now.toISOString() };
  await tenant.transact(async (tx) => {
    if (!(await settingRepository.get(tx, userId, input.category, input.key))) {
      const count = await settingRepository.count(tx, userId, input.category);
      if (count >= SETTINGS_PER_CATEGORY) {
        throw new AppError(
          'VALIDATION_ERROR',
          `A category holds at most ${SETTINGS_PER_CATEGORY} settings; delete one of "${input.category}" first`,
        );
      }
      settingRepository.setCount(tx, userId, input.category, count + 1);
    }
    settingRepository.put(tx, userId, setting);
  });
  return setting;
}

export async function deleteSetting(tenant: TenantScope, userId: string, category: TSettingCategory, key: string): Promise<void> {
  await tenant.transact(async (tx) => {
    const existing = await settingRepository.get(tx, userId, category, key);
    if (!existing) throw new AppError('SETTING_NOT_FOUND', `Setting not found: ${category}.${key}`);
    settingRepository.remove(tx, userId, category, key);
    const count = await settingRepository.count(tx, userId, category);
    settingRepository.setCount(tx, userId, category, Math.max(0, count - 1));
  });
}
