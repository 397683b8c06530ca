// Where a message is written: Enter sends, Shift+Enter starts a new line; while the reply streams
// the Send button becomes Stop, in the same place (Escape stops too).
import { useState } from 'react';
import { CONVERSATION_LIMITS } from '@coditect/api/contract';

export interface ChatComposerProps {
  running: boolean;
  /** Why nothing can be sent now (archived, no model); null when it can. */
  blockedReason: string | null;
  /** A failed turn whose message may not have been recorded: its text goes back in (each failure once). */
  unsentBy: { unsent?: string } | null;
  onSend(content: string): boolean;
  onStop(): void;
}

export function ChatComposer({ running, blockedReason, unsentBy, onSend, onStop }: ChatComposerProps) {
  const [text, setText] = useState('');
  const [restoredFrom, setRestoredFrom] = useState(unsentBy);
  if (unsentBy !== restoredFrom) {
    setRestoredFrom(unsentBy);
    if (unsentBy?.unsent !== undefined && text === '') setText(unsentBy.unsent);
  }
  const content = text.trim();
  const canSend = !running && blockedReason === null && content.length > 0;
  const send = () => {
    if (canSend && onSend(content)) setText('');
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
      <label htmlFor="chat-message" className="visually-hidden">
        Message
      </label>
      <textarea
        id="chat-message"
        rows={3}
        value={text}
        maxLength={CONVERSATION_LIMITS.messageChars}
        placeholder={blockedReason ?? 'Ask about this session (Enter sends, Shift+Enter adds a line, Esc stops a reply)'}
        disabled={blockedReason !== null}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          } else if (event.key === 'Escape' && running) {
            event.preventDefault();
            onStop();
          }
        }}
      />
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
