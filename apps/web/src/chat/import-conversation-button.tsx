// "Import…": a conversation exported as JSON becomes a new conversation of this session. The file is
// only parsed here; whether it is a valid export is the server's call, and its answer is shown.
import { useRef, useState } from 'react';
import type { TConversation, TImportConversationRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';

export function ImportConversationButton({
  sessionId,
  onImported,
}: {
  sessionId: string;
  onImported(conversation: TConversation): void;
}) {
  const utils = trpc.useUtils();
  const picker = useRef<HTMLInputElement>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const importing = trpc.conversations.import.useMutation({
    onSuccess: (conversation) => {
      void utils.conversations.list.invalidate();
      onImported(conversation);
    },
  });

  const importFile = async (file: File) => {
    setUnreadable(null);
    importing.reset();
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setUnreadable(`${file.name} is not JSON: choose a conversation exported as JSON.`);
      return;
    }
    // The server validates the export; an unchecked cast only gets it there.
    importing.mutate({ workspace_session_id: sessionId, conversation: parsed as TImportConversationRequest['conversation'] });
  };

  const failure = unreadable ?? (importing.error ? importFailure(importing.error) : null);
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        disabled={importing.isPending}
        onClick={() => picker.current?.click()}
      >
        {importing.isPending ? 'Importing…' : 'Import…'}
      </button>
      <input
        ref={picker}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Conversation file to import"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {failure && (
        <p className="field-message field-error chat-import-error" role="alert">
          Import failed: {failure}
        </p>
      )}
    </>
  );
}

function importFailure(error: unknown): string {
  const failure = describeApiError(error);
  // The server names fields of the request; the file is its `conversation`.
  const fields = Object.entries(failure.fieldErrors)
    .slice(0, 3)
    .map(([field, message]) => `${field.replace(/^conversation\.?/, '') || 'file'}: ${message}`);
  return fields.length > 0 ? `the file is not a conversation export (${fields.join('; ')})` : failure.message;
}
