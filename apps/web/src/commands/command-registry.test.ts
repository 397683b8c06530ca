import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './command-registry';
import { formatShortcut, isOwnedByFocusedRegion, matchesShortcut, parseShortcut } from './keyboard-shortcut';

const key = (init: Partial<KeyboardEvent> & { key: string; code: string }) =>
  ({ ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...init }) as KeyboardEvent;

describe('keyboard shortcuts', () => {
  it('match by key code, with Ctrl meaning ⌘ on a Mac', () => {
    const palette = parseShortcut('Ctrl+Shift+P');
    expect(matchesShortcut(key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true }), palette)).toBe(true);
    expect(matchesShortcut(key({ key: 'P', code: 'KeyP', metaKey: true, shiftKey: true }), palette)).toBe(true);
    expect(matchesShortcut(key({ key: 'p', code: 'KeyP', ctrlKey: true }), palette)).toBe(false);
    expect(matchesShortcut(key({ key: 'F1', code: 'F1' }), parseShortcut('F1'))).toBe(true);
    expect(matchesShortcut(key({ key: 'Dead', code: 'Backquote', ctrlKey: true }), parseShortcut('Ctrl+`'))).toBe(true);
    expect(matchesShortcut(key({ key: ',', code: 'Comma', ctrlKey: true }), parseShortcut('Ctrl+,'))).toBe(true);
  });

  it('are written as the platform’s menus write them', () => {
    expect(formatShortcut('Ctrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatShortcut('Ctrl+Shift+P', true)).toBe('⇧⌘P');
    expect(formatShortcut('Alt+W', true)).toBe('⌥W');
  });
});

describe('keys in a region that owns them (a terminal)', () => {
  const key = (code: string, key: string, modifiers: { shiftKey?: boolean; altKey?: boolean } = {}, inRegion = true) => ({
    code,
    key,
    ctrlKey: true,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...modifiers,
    target: { closest: (selector: string) => (inRegion && selector === '[data-own-keys]' ? {} : null) } as unknown as EventTarget,
  });

  it('leave plain Ctrl+<key> to the shell, and Shift, Alt and Ctrl+` shortcuts to the IDE', () => {
    expect(isOwnedByFocusedRegion(key('KeyB', 'b'))).toBe(true);
    expect(isOwnedByFocusedRegion(key('KeyP', 'p'))).toBe(true);
    expect(isOwnedByFocusedRegion(key('KeyP', 'P', { shiftKey: true }))).toBe(false);
    expect(isOwnedByFocusedRegion(key('KeyI', 'i', { altKey: true }))).toBe(false);
    expect(isOwnedByFocusedRegion(key('Backquote', '`'))).toBe(false);
    expect(isOwnedByFocusedRegion(key('KeyB', 'b', {}, false))).toBe(false);
  });
});

describe('CommandRegistry', () => {
  it('runs a command by its shortcut, the latest registration of an id winning, disabled ones never', () => {
    const registry = new CommandRegistry();
    const ran: string[] = [];
    const unregister = registry.register([
      { id: 'save', category: 'File', title: 'Save', shortcuts: ['Ctrl+S'], run: () => ran.push('first save') },
      { id: 'close', category: 'View', title: 'Close', shortcuts: ['Alt+W'], enabled: false, run: () => ran.push('close') },
    ]);
    registry.register([
      { id: 'save', category: 'File', title: 'Save', shortcuts: ['Ctrl+S'], run: () => ran.push('second save') },
    ]);
    let prevented = false;
    const event = {
      ...key({ key: 's', code: 'KeyS', ctrlKey: true }),
      preventDefault: () => (prevented = true),
      stopPropagation: () => {},
    };
    expect(registry.handleKey(event as KeyboardEvent)).toBe(true);
    expect(prevented).toBe(true);
    expect(registry.handleKey({ ...key({ key: 'w', code: 'KeyW', altKey: true }) } as KeyboardEvent)).toBe(false);
    expect(registry.list().map((command) => command.title)).toEqual(['Save']);
    unregister();
    expect(registry.run('save')).toBe(true);
    expect(ran).toEqual(['second save', 'second save']);
  });
});
