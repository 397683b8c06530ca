// The tenant switcher and its notices for the components (made once by the app, beside the clients).
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { TenantNotice, TenantNotices, TenantSwitcher } from './tenant-switcher';

interface TenantSwitch {
  switcher: TenantSwitcher;
  notices: TenantNotices;
}

const TenantSwitchContext = createContext<TenantSwitch | null>(null);

export function TenantSwitchProvider({ switcher, notices, children }: TenantSwitch & { children: ReactNode }) {
  return <TenantSwitchContext.Provider value={{ switcher, notices }}>{children}</TenantSwitchContext.Provider>;
}

function useTenantSwitch(): TenantSwitch {
  const value = useContext(TenantSwitchContext);
  if (!value) throw new Error('useTenantSwitcher outside <TenantSwitchProvider>');
  return value;
}

export function useTenantSwitcher(): TenantSwitcher {
  return useTenantSwitch().switcher;
}

export function useTenantNotice(): { notice: TenantNotice | null; dismiss(): void } {
  const { notices } = useTenantSwitch();
  const notice = useSyncExternalStore(notices.subscribe, notices.getSnapshot);
  return { notice, dismiss: notices.dismiss };
}
