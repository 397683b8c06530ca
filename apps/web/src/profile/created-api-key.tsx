// A new key's secret, shown this once (the server keeps only a hash of it), with a copy button.
import { useState } from 'react';
import type { TCreatedApiKey } from '@coditect/api/contract';

type CopyState = 'idle' | 'copied' | 'failed';

export function CreatedApiKey({ apiKey, onDone }: { apiKey: TCreatedApiKey; onDone(): void }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  return (
    <div className="api-key-secret" role="region" aria-label="New API key secret">
      <p>
        <strong>Copy the key “{apiKey.name}” now.</strong> It is not shown again; if it is lost, revoke it and create another.
      </p>
      <div className="api-key-secret-row">
        <code data-testid="api-key-secret">{apiKey.secret}</code>
        <button
          type="button"
          className="button"
          onClick={() =>
            navigator.clipboard.writeText(apiKey.secret).then(
              () => setCopy('copied'),
              () => setCopy('failed'),
            )
          }
        >
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="field-message field-error" role={copy === 'failed' ? 'alert' : undefined}>
        {copy === 'failed' ? 'This browser did not allow copying: select the key and copy it by hand.' : ''}
      </p>
    </div>
  );
}
