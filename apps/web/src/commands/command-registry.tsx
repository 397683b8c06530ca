// The app's commands: each area registers what it can do (title, shortcuts, whether it applies
// now) while it is on screen. One window-wide key handler runs them by shortcut, and the command
// palette lists them — so a shortcut and its palette entry can never disagree.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLatest } from '../shell/use-latest';
import { isOwnedByFocusedRegion, matchesShortcut, parseShortcut } from './keyboard-shortcut';

export interface AppCommand {
  id: string;
  title: string;
  /** Shown before the title in the palette ("File", "View"). */
  category: string;
  /** As menus write them: "Ctrl+S", "F1". The first is the one shown. */
  shortcuts?: readonly string[];
  /** Whether it can run now; false hides it from the palette and ignores its shortcut. */
  enabled?: boolean;
  /** Runs even while focus is in a text field (Ctrl+S, Ctrl+P); plain keys never do. */
  run(): void;
}

export class CommandRegistry {
  private readonly groups = new Map<symbol, readonly AppCommand[]>();
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly AppCommand[] = [];

  register(commands: readonly AppCommand[]): () => void {
    const key = Symbol('commands');
    this.groups.set(key, commands);
    this.changed();
    return () => {
      this.groups.delete(key);
      this.changed();
    };
  }

  /** Enabled commands, in registration order, the later registration of an id winning. */
  list = (): readonly AppCommand[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  run(id: string): boolean {
    const command = this.snapshot.find((each) => each.id === id);
    if (!command) return false;
    command.run();
    return true;
  }

  /** Runs the command whose shortcut the event is; true when one ran. */
  handleKey(event: KeyboardEvent): boolean {
    for (const command of [...this.snapshot].reverse()) {
      for (const shortcut of command.shortcuts ?? []) {
        if (matchesShortcut(event, parseShortcut(shortcut))) {
          event.preventDefault();
          event.stopPropagation();
          command.run();
          return true;
        }
      }
    }
    return false;
  }

  private changed(): void {
    const byId = new Map<string, AppCommand>();
    for (const commands of this.groups.values()) for (const command of commands) byId.set(command.id, command);
    this.snapshot = [...byId.values()].filter((command) => command.enabled !== false);
    for (const listener of this.listeners) listener();
  }
}

const RegistryContext = createContext<CommandRegistry | null>(null);

/** Provides the registry and listens for shortcuts on the window (capture phase: before the editor's own keys). */
export function CommandsProvider({ children, registry: given }: { children: ReactNode; registry?: CommandRegistry }) {
  const [registry] = useState(() => given ?? new CommandRegistry());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.defaultPrevented && !isOwnedByFocusedRegion(event)) registry.handleKey(event);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

export function useCommandRegistry(): CommandRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useCommandRegistry outside <CommandsProvider>');
  return registry;
}

export function useCommandList(): readonly AppCommand[] {
  const registry = useCommandRegistry();
  return useSyncExternalStore(registry.subscribe, registry.list);
}

/**
 * Registers commands while the component is mounted. The list is re-registered when its ids,
 * titles, shortcuts or enabled flags change; `run` always calls the latest closure.
 */
export function useCommands(commands: readonly AppCommand[]): void {
  const registry = useCommandRegistry();
  const latest = useLatest(commands);
  const shape = JSON.stringify(
    commands.map(({ id, title, category, shortcuts, enabled }) => [id, title, category, shortcuts, enabled]),
  );
  useEffect(() => {
    const described = JSON.parse(shape) as [string, string, string, string[] | undefined, boolean | undefined][];
    return registry.register(
      described.map(([id, title, category, shortcuts, enabled]) => ({
        id,
        title,
        category,
        shortcuts,
        enabled,
        run: () => latest.current.find((command) => command.id === id)?.run(),
      })),
    );
  }, [registry, shape, latest]);
}
