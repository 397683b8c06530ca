// Every setting the app understands, by category (the contract's five): how it is edited, its valid
// values and its default. Stored values are JSON (the contract's settings shape); anything missing
// or invalid falls back to the default.
import { z } from 'zod';
import type { JsonValue, TSettingCategory, TSettingsByCategory } from '@coditect/api/contract';

interface Definition<TValue extends JsonValue> {
  label: string;
  description?: string;
  schema: z.ZodType<TValue>;
  default: TValue;
}
export interface NumberSetting extends Definition<number> {
  control: 'number';
  min: number;
  max: number;
  step: number;
  unit?: string;
}
export interface ToggleSetting extends Definition<boolean> {
  control: 'toggle';
}
export interface ChoiceSetting<TOption extends string = string> extends Definition<TOption> {
  control: 'choice';
  options: readonly { value: TOption; label: string }[];
}
export interface TextSetting extends Definition<string> {
  control: 'text';
  placeholder: string;
}
export interface ColorSetting extends Definition<string> {
  control: 'color';
}
export type SettingDefinition = NumberSetting | ToggleSetting | ChoiceSetting | TextSetting | ColorSetting;

function number(spec: Omit<NumberSetting, 'control' | 'schema'>): NumberSetting {
  const schema = z.number().min(spec.min).max(spec.max);
  return { control: 'number', schema, ...spec };
}
function toggle(spec: Omit<ToggleSetting, 'control' | 'schema'>): ToggleSetting {
  return { control: 'toggle', schema: z.boolean(), ...spec };
}
function choice<const TOption extends string>(spec: Omit<ChoiceSetting<TOption>, 'control' | 'schema'>): ChoiceSetting<TOption> {
  const values = spec.options.map((option) => option.value) as [TOption, ...TOption[]];
  return { control: 'choice', schema: z.enum(values) as unknown as z.ZodType<TOption>, ...spec };
}
/** Text settings are names (a font, a shell), not documents. */
export const TEXT_SETTING_MAX_CHARS = 200;

function text(spec: Omit<TextSetting, 'control' | 'schema'>): TextSetting {
  return { control: 'text', schema: z.string().max(TEXT_SETTING_MAX_CHARS), ...spec };
}
function color(spec: Omit<ColorSetting, 'control' | 'schema'>): ColorSetting {
  return { control: 'color', schema: z.string().regex(/^#[0-9a-fA-F]{6}$/), ...spec };
}

export const SETTINGS = {
  editor: {
    font_size: number({ label: 'Font size', min: 10, max: 32, step: 1, unit: 'px', default: 14 }),
    tab_size: number({ label: 'Tab size', min: 1, max: 8, step: 1, unit: 'spaces', default: 2 }),
    line_numbers: toggle({ label: 'Line numbers', default: true }),
    word_wrap: toggle({ label: 'Word wrap', default: false }),
  },
  theme: {
    color_scheme: choice({
      label: 'Color scheme',
      options: [
        { value: 'dark', label: 'Dark' },
        { value: 'light', label: 'Light' },
        { value: 'system', label: 'Follow the system' },
      ],
      default: 'dark',
    }),
    accent_color: color({ label: 'Accent color', default: '#4fc1ff' }),
    sidebar_position: choice({
      label: 'Sidebar position',
      options: [
        { value: 'left', label: 'Left' },
        { value: 'right', label: 'Right' },
      ],
      default: 'left',
    }),
  },
  llm: {
    default_model: text({ label: 'Default model', placeholder: 'The provider’s default', default: '' }),
    temperature: number({ label: 'Temperature', min: 0, max: 2, step: 0.1, default: 0.7 }),
    max_tokens: number({ label: 'Maximum reply tokens', min: 16, max: 32_768, step: 16, default: 2048 }),
  },
  terminal: {
    shell: text({ label: 'Shell', placeholder: 'The system’s default shell', default: '' }),
    font_size: number({ label: 'Font size', min: 10, max: 32, step: 1, unit: 'px', default: 13 }),
    cursor_blink: toggle({ label: 'Blinking cursor', default: true }),
  },
  workspace: {
    auto_save: toggle({ label: 'Save session changes automatically', default: true }),
    save_interval: number({
      label: 'Autosave delay',
      description: 'Quiet time after the last edit before it is saved',
      min: 200,
      max: 10_000,
      step: 100,
      unit: 'ms',
      default: 800,
    }),
  },
} satisfies Record<TSettingCategory, Record<string, SettingDefinition>>;

type Catalog = typeof SETTINGS;
export type EffectiveSettings = {
  [Category in keyof Catalog]: {
    [Key in keyof Catalog[Category]]: Catalog[Category][Key] extends Definition<infer V> ? V : never;
  };
};

export const CATEGORY_LABELS: Record<TSettingCategory, string> = {
  editor: 'Editor',
  theme: 'Theme',
  llm: 'AI model',
  terminal: 'Terminal',
  workspace: 'Workspace',
};

export function settingDefinitions(category: TSettingCategory): [string, SettingDefinition][] {
  return Object.entries(SETTINGS[category]);
}

/** Stored values where valid, defaults elsewhere. */
export function effectiveSettings(stored: TSettingsByCategory): EffectiveSettings {
  const result: Record<string, Record<string, JsonValue>> = {};
  for (const [category, definitions] of Object.entries(SETTINGS) as [TSettingCategory, Record<string, SettingDefinition>][]) {
    const values: Record<string, JsonValue> = {};
    for (const [key, definition] of Object.entries(definitions)) {
      const parsed = (definition.schema as z.ZodType<JsonValue>).safeParse(stored[category]?.[key]);
      values[key] = parsed.success ? parsed.data : definition.default;
    }
    result[category] = values;
  }
  return result as EffectiveSettings;
}
