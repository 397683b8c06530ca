// "Export…" in the conversation header: the conversation as a Markdown transcript or as the JSON
// file that Import takes back.
import { useState } from 'react';
import type { TConversation } from '@coditect/api/contract';
import { RestCallError } from '../api/rest-client';
import { useRestClient } from '../api/rest-client-provider';
import { downloadConversation, type ExportFormat } from './conversation-export';

export function ExportConversationMenu({ conversation }: { conversation: TConversation }) {
  const rest = useRestClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setFailure(null);
    try {
      await downloadConversation(rest, conversation, format);
      setOpen(false);
    } catch (error) {
      setFailure(
        error instanceof RestCallError ? error.message : 'Cannot reach the server. Check your connection and try again.',
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <span className="export-menu">
      {open ? (
        <span role="group" aria-label="Export the conversation">
          <button
            type="button"
            className="button button-quiet"
            disabled={busy !== null}
            onClick={() => void download('markdown')}
          >
            {busy === 'markdown' ? 'Exporting…' : 'Markdown'}
          </button>
          <button type="button" className="button button-quiet" disabled={busy !== null} onClick={() => void download('json')}>
            {busy === 'json' ? 'Exporting…' : 'JSON'}
          </button>
          <button type="button" className="button button-quiet" aria-label="Close export" onClick={() => setOpen(false)}>
            ✕
          </button>
        </span>
      ) : (
        <button type="button" className="button button-quiet" aria-expanded={false} onClick={() => setOpen(true)}>
          Export…
        </button>
      )}
      {failure && (
        <span className="field-message field-error" role="alert">
          Export failed: {failure}
        </span>
      )}
    </span>
  );
}
