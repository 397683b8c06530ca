// Where a message is written: Enter sends, Shift+Enter starts a new line; while the reply streams
// the Send button becomes Stop, in the same place (Escape stops too). Typing @ completes a
// workspace file's path (the file's text goes to the model with the message); an editor selection
// the user asked about shows above the text until the message carrying it is sent or it is removed.
import { useEffect, useId, useRef, useState } from 'react';
import { CONVERSATION_LIMITS, type TChatSelection } from '@coditect/api/contract';
import { insertMention, mentionAt, mentionedPaths, type MentionQuery } from './mentions';

/** Suggestions shown for a mention, and how long typing must pause before asking for them. */
const MENTION_SUGGESTIONS = 8;
const MENTION_DELAY_MS = 80;

export interface ChatComposerProps {
  running: boolean;
  /** Why nothing can be sent now (archived, no model); null when it can. */
  blockedReason: string | null;
  /** A failed turn whose message may not have been recorded: its text goes back in (each failure once). */
  unsentBy: { unsent?: string } | null;
  /** Workspace files matching a fuzzy query, best first (the @ completion). */
  findFiles(query: string): Promise<string[]>;
  /** The editor selection the next message asks about, if any. */
  selection: TChatSelection | null;
  onClearSelection(): void;
  /** `mentions`: the completed paths the text still names. */
  onSend(content: string, mentions: string[]): boolean;
  onStop(): void;
}

export function ChatComposer(props: ChatComposerProps) {
  const { running, blockedReason, unsentBy, findFiles, selection, onClearSelection, onSend, onStop } = props;
  const [text, setText] = useState('');
  const [restoredFrom, setRestoredFrom] = useState(unsentBy);
  if (unsentBy !== restoredFrom) {
    setRestoredFrom(unsentBy);
    if (unsentBy?.unsent !== undefined && text === '') setText(unsentBy.unsent);
  }
  const textarea = useRef<HTMLTextAreaElement>(null);
  const chosen = useRef(new Set<string>());
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [suggestions, setSuggestions] = useState<{ query: string; paths: string[] } | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;

  const query = mention?.query;
  useEffect(() => {
    if (query === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      findFiles(query).then(
        (paths) => {
          if (!current) return;
          setSuggestions({ query, paths: paths.slice(0, MENTION_SUGGESTIONS) });
          setActive(0);
        },
        () => current && setSuggestions({ query, paths: [] }),
      );
    }, MENTION_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [findFiles, query]);

  const shown = mention && suggestions?.query === mention.query && suggestions.paths.length > 0 ? suggestions.paths : null;

  const content = text.trim();
  const canSend = !running && blockedReason === null && content.length > 0;
  const send = () => {
    if (!canSend) return;
    if (onSend(content, mentionedPaths(content, chosen.current))) {
      setText('');
      chosen.current.clear();
      setMention(null);
    }
  };

  const follow = (value: string, caret: number) => setMention(mentionAt(value, caret));

  const pick = (path: string) => {
    const element = textarea.current;
    if (!element || !mention) return;
    const next = insertMention(text, mention, element.selectionStart, path);
    chosen.current.add(path);
    setText(next.text);
    setMention(null);
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <form
      className="chat-composer"
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {selection && (
        <div className="composer-selection" role="group" aria-label="Selection to ask about">
          <span className="composer-selection-label">
            Asking about <code>{selection.path}</code>{' '}
            {selection.start_line === selection.end_line
              ? `line ${selection.start_line}`
              : `lines ${selection.start_line}–${selection.end_line}`}
          </span>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label="Remove the selection"
            onClick={onClearSelection}
          >
            ×
          </button>
        </div>
      )}
      <label htmlFor="chat-message" className="visually-hidden">
        Message
      </label>
      <textarea
        id="chat-message"
        ref={textarea}
        rows={3}
        value={text}
        maxLength={CONVERSATION_LIMITS.messageChars}
        placeholder={
          blockedReason ?? 'Ask about this session; @ names a file (Enter sends, Shift+Enter adds a line, Esc stops a reply)'
        }
        disabled={blockedReason !== null}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown !== null}
        aria-controls={shown ? listId : undefined}
        aria-activedescendant={shown ? optionId(active) : undefined}
        onChange={(event) => {
          setText(event.target.value);
          follow(event.target.value, event.target.selectionStart);
        }}
        onSelect={(event) => follow(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => setMention(null)}
        onKeyDown={(event) => {
          if (shown && !event.nativeEvent.isComposing) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActive((index) => (index + step + shown.length) % shown.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              pick(shown[Math.min(active, shown.length - 1)]!);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              setMention(null);
              return;
            }
          }
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          } else if (event.key === 'Escape' && running) {
            event.preventDefault();
            onStop();
          }
        }}
      />
      {shown && (
        <ul id={listId} className="mention-list" role="listbox" aria-label="Files">
          {shown.map((path, index) => (
            <li
              key={path}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'mention-option mention-option-active' : 'mention-option'}
              // Before the textarea's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(path);
              }}
            >
              {path}
            </li>
          ))}
        </ul>
      )}
      <div className="chat-composer-actions">
        {running ? (
          <button type="button" className="button button-danger" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
