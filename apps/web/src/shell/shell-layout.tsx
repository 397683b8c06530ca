// Which side view is chosen and which panels show. On a wide screen the side panel, the chat and
// the bottom panel are docked and remembered in this browser; on a narrow one (a phone) the side
// panel and the chat are drawers over the editor, one at a time, closed until asked for.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useMediaQuery } from './use-media-query';

export type SideView = 'explorer' | 'search' | 'sessions' | 'session';
export type Drawer = 'side' | 'chat' | null;

export const SIDE_VIEW_LABELS: Record<SideView, string> = {
  explorer: 'Explorer',
  search: 'Search',
  sessions: 'Sessions',
  session: 'Session',
};

/** Below this width the side panel and the chat are drawers (matches app.css). */
export const NARROW_QUERY = '(max-width: 760px)';
/** At and above this width the chat is docked beside the editor; below it, a drawer. */
export const WIDE_QUERY = '(min-width: 1200px)';

interface Remembered {
  view: SideView;
  sideVisible: boolean;
  chatVisible: boolean;
  bottomVisible: boolean;
}

const STORAGE_KEY = 'coditect.layout';
const DEFAULTS: Remembered = { view: 'sessions', sideVisible: true, chatVisible: true, bottomVisible: false };

function remembered(): Remembered {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Remembered>;
    return {
      view: parsed.view && parsed.view in SIDE_VIEW_LABELS ? parsed.view : DEFAULTS.view,
      sideVisible: parsed.sideVisible ?? DEFAULTS.sideVisible,
      chatVisible: parsed.chatVisible ?? DEFAULTS.chatVisible,
      bottomVisible: parsed.bottomVisible ?? DEFAULTS.bottomVisible,
    };
  } catch {
    return DEFAULTS;
  }
}

export interface ShellLayout extends Remembered {
  narrow: boolean;
  /** The chat docked beside the editor (wide screens) rather than a drawer. */
  chatDocked: boolean;
  drawer: Drawer;
  /** Shows a view: on a phone in the side drawer; choosing the shown view again hides the panel. */
  showView(view: SideView, options?: { toggle?: boolean }): void;
  toggleSide(): void;
  toggleChat(): void;
  showChat(): void;
  toggleBottom(): void;
  closeDrawer(): void;
}

const LayoutContext = createContext<ShellLayout | null>(null);

export function ShellLayoutProvider({ children }: { children: ReactNode }) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const wide = useMediaQuery(WIDE_QUERY);
  const [state, setState] = useState(remembered);
  const [drawer, setDrawer] = useState<Drawer>(null);
  const closeDrawer = useCallback(() => setDrawer(null), []);

  const update = useCallback((change: (state: Remembered) => Remembered) => {
    setState((previous) => {
      const next = change(previous);
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Storage full or refused: the layout is only not remembered.
      }
      return next;
    });
  }, []);

  const value = useMemo<ShellLayout>(() => {
    const chatDocked = wide;
    return {
      ...state,
      narrow,
      chatDocked,
      drawer: narrow || !chatDocked ? drawer : null,
      showView: (view, options = {}) => {
        if (narrow) {
          update((previous) => ({ ...previous, view }));
          setDrawer((open) => (options.toggle && open === 'side' && state.view === view ? null : 'side'));
          return;
        }
        update((previous) => ({
          ...previous,
          view,
          sideVisible: options.toggle && previous.view === view ? !previous.sideVisible : true,
        }));
      },
      toggleSide: () => {
        if (narrow) setDrawer((open) => (open === 'side' ? null : 'side'));
        else update((previous) => ({ ...previous, sideVisible: !previous.sideVisible }));
      },
      toggleChat: () => {
        if (chatDocked) update((previous) => ({ ...previous, chatVisible: !previous.chatVisible }));
        else setDrawer((open) => (open === 'chat' ? null : 'chat'));
      },
      showChat: () => {
        if (chatDocked) update((previous) => (previous.chatVisible ? previous : { ...previous, chatVisible: true }));
        else setDrawer('chat');
      },
      toggleBottom: () => update((previous) => ({ ...previous, bottomVisible: !previous.bottomVisible })),
      closeDrawer,
    };
  }, [state, narrow, wide, drawer, update, closeDrawer]);

  return <LayoutContext.Provider value={value}>{children}</LayoutContext.Provider>;
}

export function useShellLayout(): ShellLayout {
  const layout = useContext(LayoutContext);
  if (!layout) throw new Error('useShellLayout outside <ShellLayoutProvider>');
  return layout;
}
