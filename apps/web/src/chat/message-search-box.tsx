// The chat panel's search field: Escape clears it.
import { ZSearchMessagesRequest } from '@coditect/api/contract';
export function MessageSearchBox({ value, onChange }: { value: string; onChange(text: string): void }) {
  return (
    <div className="chat-search" role="search">
      <label htmlFor="chat-search-input" className="visually-hidden">
        Search messages
      </label>
      <input
        id="chat-search-input"
        type="search"
        placeholder="Search all messages"
        value={value}
        maxLength={ZSearchMessagesRequest.shape.q.maxLength ?? undefined}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.stopPropagation();
            onChange('');
          }
        }}
      />
    </div>
  );
}
