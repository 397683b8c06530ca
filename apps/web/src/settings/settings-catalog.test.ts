import { describe, expect, it } from 'vitest';
import { SETTING_CATEGORIES, ZSettingKey, ZSettingValue } from '@coditect/api/contract';
import { SETTINGS, effectiveSettings, settingDefinitions } from './settings-catalog';

describe('settings catalog', () => {
  it('covers exactly the contract’s categories with keys and defaults the server accepts', () => {
    expect(Object.keys(SETTINGS).sort()).toEqual([...SETTING_CATEGORIES].sort());
    for (const category of SETTING_CATEGORIES) {
      for (const [key, definition] of settingDefinitions(category)) {
        expect(ZSettingKey.safeParse(key).success, `${category}.${key}`).toBe(true);
        expect(ZSettingValue.safeParse(definition.default).success, `${category}.${key}`).toBe(true);
        expect(definition.schema.safeParse(definition.default).success, `${category}.${key}`).toBe(true);
      }
    }
  });

  it('uses stored values where valid and defaults for missing or invalid ones', () => {
    const settings = effectiveSettings({
      editor: { font_size: 18, word_wrap: 'yes', unknown_key: 1 },
      theme: { color_scheme: 'light', accent_color: 'red' },
    });
    expect(settings.editor).toEqual({ font_size: 18, tab_size: 2, line_numbers: true, word_wrap: false });
    expect(settings.theme).toEqual({ color_scheme: 'light', accent_color: '#4fc1ff', sidebar_position: 'left' });
    expect(effectiveSettings({ editor: { font_size: 99 } }).editor.font_size).toBe(14);
  });
});
