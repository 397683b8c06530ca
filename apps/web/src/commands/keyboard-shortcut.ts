// Shortcuts written the way menus show them ("Ctrl+Shift+P", "F1", "Alt+W"): parsed once, matched
// against key events, and shown with ⌘/⌥/⇧ on a Mac. "Ctrl" means ⌘ on a Mac, as editors do.

export interface KeyboardShortcut {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower-case `KeyboardEvent.key`, or the code's name for keys that shift changes ("p", "f1", "pageup", ","). */
  key: string;
}

export function parseShortcut(text: string): KeyboardShortcut {
  const parts = text.split('+').map((part) => part.trim());
  const key = parts.pop();
  if (!key) throw new Error(`Empty shortcut: "${text}"`);
  const modifiers = new Set(parts.map((part) => part.toLowerCase()));
  return { mod: modifiers.has('ctrl'), shift: modifiers.has('shift'), alt: modifiers.has('alt'), key: key.toLowerCase() };
}

/** The key an event is about, as shortcuts name it: "p" for Ctrl+Shift+P (where `key` is "P"), "`" for Ctrl+`. */
function eventKey(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  if (/^Key[A-Z]$/.test(event.code)) return event.code.slice(3).toLowerCase();
  if (/^Digit\d$/.test(event.code)) return event.code.slice(5);
  if (event.code === 'Backquote') return '`';
  return event.key.toLowerCase();
}

export function matchesShortcut(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  shortcut: KeyboardShortcut,
): boolean {
  return (
    (event.ctrlKey || event.metaKey) === shortcut.mod &&
    event.shiftKey === shortcut.shift &&
    event.altKey === shortcut.alt &&
    eventKey(event) === shortcut.key
  );
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** "Ctrl+Shift+P" as this platform's menus write it. */
export function formatShortcut(text: string, mac = isMacPlatform()): string {
  if (!mac) return text;
  const shortcut = parseShortcut(text);
  const key = text.slice(text.lastIndexOf('+') + 1);
  return `${shortcut.alt ? '⌥' : ''}${shortcut.shift ? '⇧' : ''}${shortcut.mod ? '⌘' : ''}${key}`;
}

/** Marks a region that takes plain Ctrl+<key> itself (a terminal: readline's Ctrl+B, Ctrl+F, Ctrl+R…). */
export const OWN_KEYS_ATTRIBUTE = 'data-own-keys';

/**
 * Whether a key event belongs to the focused region rather than to the IDE's shortcuts: plain
 * Ctrl+<key> inside a region marked with OWN_KEYS_ATTRIBUTE. Shortcuts with Shift or Alt, the
 * function keys and Ctrl+` (the panel) still reach the IDE from there.
 */
export function isOwnedByFocusedRegion(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>,
): boolean {
  const target = event.target as Partial<Pick<Element, 'closest'>> | null;
  if (typeof target?.closest !== 'function' || !target.closest(`[${OWN_KEYS_ATTRIBUTE}]`)) return false;
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && eventKey(event) !== '`';
}
