// A filtered list in a dialog, driven from its input as editors' quick pickers are: type to
// filter, ↑/↓ (and PageUp/PageDown, Home/End with Ctrl) to choose, Enter to pick, Escape to close.
// The command palette, quick open and search results' "go to" all use it.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface QuickPickProps<T> {
  /** The dialog's accessible name ("Command palette"). */
  label: string;
  placeholder: string;
  query: string;
  onQueryChange(query: string): void;
  /** undefined while loading. */
  items: readonly T[] | undefined;
  itemKey(item: T): string;
  renderItem(item: T): ReactNode;
  /** The item's accessible name. */
  itemLabel(item: T): string;
  onPick(item: T): void;
  onClose(): void;
  /** Said when nothing matches (or why nothing can be listed). */
  emptyText: string;
}

const PAGE = 10;

export function QuickPick<T>(props: QuickPickProps<T>) {
  const { label, placeholder, query, onQueryChange, items, itemKey, renderItem, itemLabel, onPick, onClose, emptyText } = props;
  const listId = useId();
  const [active, setActive] = useState(0);
  const [shownItems, setShownItems] = useState(items);
  // A new list (the query changed) starts at its first item.
  if (items !== shownItems) {
    setShownItems(items);
    setActive(0);
  }
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const count = items?.length ?? 0;
  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    list.current?.querySelector(`[id="${optionId(activeIndex)}"]`)?.scrollIntoView({ block: 'nearest' });
  });

  const move = (to: number) => setActive(Math.max(0, Math.min(count - 1, to)));

  return (
    <div className="quick-pick-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="quick-pick" role="dialog" aria-modal="true" aria-label={label}>
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label={label}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={count > 0 ? optionId(activeIndex) : undefined}
          placeholder={placeholder}
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onQueryChange(event.target.value)}
          onKeyDown={(event) => {
            switch (event.key) {
              case 'ArrowDown':
                move(activeIndex + 1);
                break;
              case 'ArrowUp':
                move(activeIndex - 1);
                break;
              case 'PageDown':
                move(activeIndex + PAGE);
                break;
              case 'PageUp':
                move(activeIndex - PAGE);
                break;
              case 'Home':
              case 'End':
                if (!event.ctrlKey) return;
                move(event.key === 'Home' ? 0 : count - 1);
                break;
              case 'Enter': {
                const item = items?.[activeIndex];
                if (item !== undefined) onPick(item);
                break;
              }
              case 'Escape':
                onClose();
                break;
              case 'Tab':
                break;
              default:
                return;
            }
            event.preventDefault();
            event.stopPropagation();
          }}
        />
        <ul id={listId} ref={list} role="listbox" aria-label={label} className="quick-pick-list" aria-busy={items === undefined}>
          {items === undefined ? (
            <li className="quick-pick-note" role="presentation">
              Loading…
            </li>
          ) : count === 0 ? (
            <li className="quick-pick-note" role="presentation">
              {emptyText}
            </li>
          ) : (
            items.map((item, index) => (
              <li
                key={itemKey(item)}
                id={optionId(index)}
                role="option"
                aria-selected={index === activeIndex}
                aria-label={itemLabel(item)}
                className="quick-pick-item"
                onMouseMove={() => index !== activeIndex && setActive(index)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onPick(item)}
              >
                {renderItem(item)}
              </li>
            ))
          )}
        </ul>
      </div>
    </div>
  );
}

/** The text with the matched characters in <mark>. */
export function Highlighted({ text, positions }: { text: string; positions: readonly number[] }) {
  if (positions.length === 0) return <>{text}</>;
  const marked = new Set(positions);
  const parts: ReactNode[] = [];
  let run = '';
  let runMarked = false;
  const flush = (index: number) => {
    if (run) parts.push(runMarked ? <mark key={index}>{run}</mark> : <span key={index}>{run}</span>);
    run = '';
  };
  [...text].forEach((char, index) => {
    if (marked.has(index) !== runMarked) {
      flush(index);
      runMarked = marked.has(index);
    }
    run += char;
  });
  flush(text.length);
  return <>{parts}</>;
}
