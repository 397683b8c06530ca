// Per-user settings: grouped by category, upserted and deleted one key at a time.
import { AppError } from '../../errors/app-error';
import {
  SETTING_CATEGORIES,
  SETTINGS_PER_CATEGORY,
  type TSetSettingRequest,
  type TSetting,
  type TSettingAddress,
  type TSettingCategory,
  type TSettingsByCategory,
} from '../../contract/settings';
import type { JsonValue } from '../../contract/common';
import type { CallerContext } from '../identity/identity-context';
import { settingRepository } from './setting-repository';

/** Every category appears (empty when unset) unless one category is asked for. */
export async function getSettings(context: CallerContext, category: TSettingCategory | undefined): Promise<TSettingsByCategory> {
  const settings = await context.tenant.transact((tx) => settingRepository.list(tx, context.auth.userId, category));
  const grouped: TSettingsByCategory = {};
  for (const name of category === undefined ? SETTING_CATEGORIES : [category]) grouped[name] = {};
  for (const setting of settings) {
    (grouped[setting.category] as Record<string, JsonValue>)[setting.key] = setting.value;
  }
  return grouped;
}

export async function setSetting(context: CallerContext, input: TSetSettingRequest): Promise<TSetting> {
  const userId = context.auth.userId;
  const setting = { category: input.category, key: input.key, value: input.value, updated_at: context.deps.now().toISOString() };
  await context.tenant.transact(async (tx) => {
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

export async function deleteSetting(context: CallerContext, address: TSettingAddress): Promise<void> {
  const userId = context.auth.userId;
  const { category, key } = address;
  await context.tenant.transact(async (tx) => {
    const existing = await settingRepository.get(tx, userId, category, key);
    if (!existing) throw new AppError('SETTING_NOT_FOUND', `Setting not found: ${category}.${key}`);
    settingRepository.remove(tx, userId, category, key);
    const count = await settingRepository.count(tx, userId, category);
    settingRepository.setCount(tx, userId, category, Math.max(0, count - 1));
  });
}
