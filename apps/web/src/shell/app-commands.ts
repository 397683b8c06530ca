// The commands of the IDE as a whole: the palettes, the views and panels, settings, theme, the
// account. The editor's own commands are registered by the editor area.
import { useLocation, useSearchParams } from 'wouter';
import { apiContract, CHAT_LIMITS } from '@coditect/api/contract';
import { ASSISTANT_PARAM } from './assistant-area';
import { useAuth } from '../auth/auth-provider';
import { useCommands } from '../commands/command-registry';
import { useMayCall } from '../organisations/use-tenants';
import { useOpenSession } from '../sessions/open-session';
import { useSettings } from '../settings/settings-provider';
import { useShellLayout } from './shell-layout';

export type Palette = 'commands' | 'files' | null;

export function useAppCommands(actions: { openPalette(palette: Palette): void; focusSearch(): void; newSession(): void }) {
  const layout = useShellLayout();
  const open = useOpenSession();
  const [, navigate] = useLocation();
  const [, setParams] = useSearchParams();
  const { set } = useSettings();
  const auth = useAuth();
  const ready = open.state === 'ready';
  const mayCreateSession = useMayCall(apiContract.sessions.create);
  useCommands([
    {
      id: 'palette.commands',
      category: 'View',
      title: 'Show all commands',
      shortcuts: ['Ctrl+Shift+P', 'F1'],
      run: () => actions.openPalette('commands'),
    },
    {
      id: 'palette.files',
      category: 'Go',
      title: 'Go to file…',
      shortcuts: ['Ctrl+P'],
      enabled: ready,
      run: () => actions.openPalette('files'),
    },
    {
      id: 'view.explorer',
      category: 'View',
      title: 'Show Explorer',
      shortcuts: ['Ctrl+Shift+E'],
      enabled: open.state !== 'none',
      run: () => layout.showView('explorer'),
    },
    {
      id: 'view.search',
      category: 'View',
      title: 'Search in files',
      shortcuts: ['Ctrl+Shift+F'],
      enabled: open.state !== 'none',
      run: () => {
        layout.showView('search');
        actions.focusSearch();
      },
    },
    { id: 'view.sessions', category: 'View', title: 'Show sessions', run: () => layout.showView('sessions') },
    {
      id: 'view.session',
      category: 'View',
      title: 'Show the session’s details',
      enabled: open.state !== 'none',
      run: () => layout.showView('session'),
    },
    { id: 'view.toggleSide', category: 'View', title: 'Toggle side panel', shortcuts: ['Ctrl+B'], run: layout.toggleSide },
    {
      id: 'view.toggleChat',
      category: 'View',
      title: 'Toggle AI chat',
      shortcuts: ['Ctrl+Alt+I'],
      enabled: open.state !== 'none',
      run: layout.toggleChat,
    },
    {
      id: 'chat.askAboutSelection',
      category: 'AI',
      title: 'Ask AI about the selection',
      shortcuts: ['Ctrl+Alt+A'],
      enabled: ready && open.session.editor_state.active_file !== null,
      run: () => {
        if (open.state !== 'ready') return;
        const path = open.session.editor_state.active_file;
        const picked = open.editorHandle.current()?.selection();
        if (!path || !picked) return;
        const text = picked.text.slice(0, CHAT_LIMITS.selectionChars);
        open.chatSelection.set({ path, start_line: picked.startLine, end_line: picked.endLine, text });
        setParams((current) => {
          const next = new URLSearchParams(current);
          next.delete(ASSISTANT_PARAM);
          return next;
        });
        layout.showChat();
      },
    },
    { id: 'view.togglePanel', category: 'View', title: 'Toggle panel', shortcuts: ['Ctrl+`'], run: layout.toggleBottom },
    { id: 'session.new', category: 'Session', title: 'New session', enabled: mayCreateSession, run: actions.newSession },
    {
      id: 'app.settings',
      category: 'Preferences',
      title: 'Open settings',
      shortcuts: ['Ctrl+,'],
      run: () => navigate('/settings'),
    },
    { id: 'theme.dark', category: 'Preferences', title: 'Color scheme: Dark', run: () => set('theme', 'color_scheme', 'dark') },
    {
      id: 'theme.light',
      category: 'Preferences',
      title: 'Color scheme: Light',
      run: () => set('theme', 'color_scheme', 'light'),
    },
    {
      id: 'theme.system',
      category: 'Preferences',
      title: 'Color scheme: Follow the system',
      run: () => set('theme', 'color_scheme', 'system'),
    },
    { id: 'app.signOut', category: 'Account', title: 'Sign out', run: () => void auth.signOut() },
  ]);
}
