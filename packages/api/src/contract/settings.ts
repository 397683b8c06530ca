import { z } from 'zod';
import { defineOperation } from './operation';
import { ZJsonValue, ZMessageResponse, ZTimestamp, utf8Length } from './common';

export const SETTING_CATEGORIES = ['editor', 'theme', 'llm', 'terminal', 'workspace'] as const;
export const ZSettingCategory = z.enum(SETTING_CATEGORIES);
export type TSettingCategory = z.infer<typeof ZSettingCategory>;

export const SETTING_VALUE_MAX_BYTES = 16 * 1024;
/** Keeps one user's settings (and so `getAll`) bounded: 5 categories × 256 × 16 KiB at most. */
export const SETTINGS_PER_CATEGORY = 256;
export const ZSettingKey = z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'Keys are 1-64 characters of a-z 0-9 _ . -');
export const ZSettingValue = ZJsonValue.refine((value) => utf8Length(JSON.stringify(value)) <= SETTING_VALUE_MAX_BYTES, {
  message: `Value must serialise to at most ${SETTING_VALUE_MAX_BYTES} bytes`,
});

export const ZSettingsByCategory = z.partialRecord(ZSettingCategory, z.record(z.string(), ZJsonValue));
export type TSettingsByCategory = z.infer<typeof ZSettingsByCategory>;

export const ZGetSettingsRequest = z.strictObject({ category: ZSettingCategory.optional() }).default({});

export const ZSetSettingRequest = z.strictObject({
  category: ZSettingCategory,
  key: ZSettingKey,
  value: ZSettingValue,
});
export type TSetSettingRequest = z.infer<typeof ZSetSettingRequest>;

export const ZSetting = z.object({
  category: ZSettingCategory,
  key: z.string(),
  value: ZJsonValue,
  updated_at: ZTimestamp,
});
export type TSetting = z.infer<typeof ZSetting>;

export const ZSettingAddress = z.strictObject({ category: ZSettingCategory, key: ZSettingKey });
export type TSettingAddress = z.infer<typeof ZSettingAddress>;

export const settingsContract = {
  getAll: defineOperation({
    type: 'query',
    input: ZGetSettingsRequest,
    output: ZSettingsByCategory,
    meta: {
      access: 'user',
      summary: 'The caller’s settings grouped by category (optionally one category)',
      rest: { method: 'GET', path: '/settings' },
    },
  }),
  set: defineOperation({
    type: 'mutation',
    input: ZSetSettingRequest,
    output: ZSetting,
    meta: {
      access: 'user',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'Create or replace one setting',
      rest: { method: 'PUT', path: '/settings/:category/:key' },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZSettingAddress,
    output: ZMessageResponse,
    meta: {
      access: 'user',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'Delete one setting',
      errors: ['SETTING_NOT_FOUND'],
      rest: { method: 'DELETE', path: '/settings/:category/:key', envelope: 'message' },
    },
  }),
};
