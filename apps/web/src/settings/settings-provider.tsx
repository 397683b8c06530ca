import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { JsonValue, TSettingCategory, TSettingsByCategory } from '@coditect/api/contract';
import { apiErrorCode, describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useMediaQuery } from '../shell/use-media-query';
import { PREFERS_DARK, applySettings, resolveColorScheme, type ColorScheme } from './apply-settings';
import { effectiveSettings, type EffectiveSettings } from './settings-catalog';
import { localSettingsCache } from './settings-cache';
import { ServerSettingsStore, type SettingsRemote, type SettingsSyncStatus } from './server-settings-store';

export interface SettingsApi {
  settings: EffectiveSettings;
  /** Only what the user set (the rest are defaults). */
  stored: TSettingsByCategory;
  /** Whether the server has them. */
  status: SettingsSyncStatus;
  set(category: TSettingCategory, key: string, value: JsonValue): void;
  reset(category: TSettingCategory, key: string): void;
  retry(): void;
}

const SettingsContext = createContext<SettingsApi | null>(null);

export function SettingsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const utils = trpc.useUtils();
  const [store] = useState(() => {
    const remote: SettingsRemote = {
      getAll: () => utils.client.settings.getAll.query({}),
      set: (category, key, value) => utils.client.settings.set.mutate({ category, key, value }),
      remove: (category, key) =>
        utils.client.settings.delete.mutate({ category, key }).catch((error: unknown) => {
          if (apiErrorCode(error) !== 'SETTING_NOT_FOUND') throw error;
        }),
    };
    return new ServerSettingsStore({
      remote,
      cache: localSettingsCache(localStorage, userId, window),
      describeError: (error) => describeApiError(error).message,
    });
  });
  const stored = useSyncExternalStore(store.subscribe, store.read);
  const status = useSyncExternalStore(store.subscribe, store.status);
  const settings = useMemo(() => effectiveSettings(stored), [stored]);
  useLayoutEffect(() => applySettings(settings), [settings]);

  useEffect(() => {
    const stop = store.start();
    // Coming back to the tab picks up changes made on another device meanwhile; leaving it sends
    // what is pending without waiting for the pause.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void store.load();
      else void store.flush();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      stop();
    };
  }, [store]);

  const api = useMemo(
    () => ({ settings, stored, status, set: store.set, reset: store.reset, retry: () => store.retry() }),
    [settings, stored, status, store],
  );
  return <SettingsContext.Provider value={api}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsApi {
  const api = useContext(SettingsContext);
  if (!api) throw new Error('useSettings outside <SettingsProvider>');
  return api;
}

/** Dark or light as shown now ("Follow the system" resolved). */
export function useColorScheme(): ColorScheme {
  const { settings } = useSettings();
  const prefersDark = useMediaQuery(PREFERS_DARK);
  return resolveColorScheme(settings.theme.color_scheme, prefersDark);
}
