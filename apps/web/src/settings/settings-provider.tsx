import { createContext, useContext, useLayoutEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { JsonValue, TSettingCategory, TSettingsByCategory } from '@coditect/api/contract';
import { applySettings } from './apply-settings';
import { effectiveSettings, type EffectiveSettings } from './settings-catalog';
import { localSettingsStore } from './settings-store';

export interface SettingsApi {
  settings: EffectiveSettings;
  /** Only what the user set (the rest are defaults). */
  stored: TSettingsByCategory;
  set(category: TSettingCategory, key: string, value: JsonValue): void;
  reset(category: TSettingCategory, key: string): void;
}

const SettingsContext = createContext<SettingsApi | null>(null);

export function SettingsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const store = useMemo(() => localSettingsStore(localStorage, userId, window), [userId]);
  const stored = useSyncExternalStore(store.subscribe, store.read);
  const settings = useMemo(() => effectiveSettings(stored), [stored]);
  useLayoutEffect(() => applySettings(settings), [settings]);
  const api = useMemo(() => ({ settings, stored, set: store.set, reset: store.reset }), [settings, stored, store]);
  return <SettingsContext.Provider value={api}>{children}</SettingsContext.Provider>;
}

/** Signed out: the default look. */
export function DefaultAppearance() {
  useLayoutEffect(() => applySettings(effectiveSettings({})), []);
  return null;
}

export function useSettings(): SettingsApi {
  const api = useContext(SettingsContext);
  if (!api) throw new Error('useSettings outside <SettingsProvider>');
  return api;
}
