// "Your data": everything of the caller's as one .zip (users.exportData, REST only, streamed) and
// deleting the account (users.deleteAccount), which signs this tab out once the server has done it.
import { useState } from 'react';
import { apiContract, type TUserProfile } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { RestCallError, restUrl } from '../api/rest-client';
import { useRestClient } from '../api/rest-client-provider';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';

const EXPORT_FILE_NAME = 'coditect-export.zip';

export function AccountDataCard({ profile }: { profile: TUserProfile }) {
  const rest = useRestClient();
  const auth = useAuth();
  const [exporting, setExporting] = useState(false);
  const [exportFailure, setExportFailure] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [password, setPassword] = useState('');
  const hasPassword = profile.provider === 'local';
  const remove = trpc.users.deleteAccount.useMutation({ onSuccess: () => void auth.signOut() });
  const failure = remove.error ? describeApiError(remove.error) : null;

  const download = async () => {
    setExporting(true);
    setExportFailure(null);
    try {
      const response = await rest.fetch(restUrl(apiContract.users.exportData.meta.rest, {}));
      const disposition = /filename="([^"]+)"/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = disposition ?? EXPORT_FILE_NAME;
      link.click();
      // The click starts the download synchronously; the address is no longer needed after it.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      setExportFailure(
        error instanceof RestCallError ? error.message : 'Cannot reach the server. Check your connection and try again.',
      );
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="card" aria-labelledby="account-data-heading">
      <h2 id="account-data-heading">Your data</h2>
      <p className="card-note">
        One .zip with your profile, memberships, sessions and their files, conversations, settings and API keys (never a secret),
        from every workspace you belong to.
      </p>
      <div className="card-actions">
        <button type="button" className="button" disabled={exporting} onClick={() => void download()}>
          {exporting ? 'Preparing…' : 'Export my data'}
        </button>
      </div>
      {exportFailure && <FormAlert tone="error">Export failed: {exportFailure}</FormAlert>}

      <h3 className="card-subheading">Delete account</h3>
      {deleting ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate({ confirm, current_password: hasPassword ? password : undefined });
          }}
        >
          <p className="card-note">This deletes your account and everything of yours, in every workspace. It cannot be undone.</p>
          <TextField
            label={`Type “${profile.email}” to confirm`}
            autoComplete="off"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
          {hasPassword && (
            <TextField
              label="Your password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={failure?.code === 'INVALID_PASSWORD' ? failure.message : undefined}
            />
          )}
          <div className="form-footer">
            <button
              type="submit"
              className="button button-danger"
              disabled={remove.isPending || confirm !== profile.email || (hasPassword && password === '')}
            >
              {remove.isPending ? 'Deleting…' : 'Delete my account'}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setDeleting(false)}>
              Cancel
            </button>
          </div>
          {failure && failure.code !== 'INVALID_PASSWORD' && <FormAlert tone="error">{failure.message}</FormAlert>}
        </form>
      ) : (
        <div className="card-actions">
          <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
            Delete account…
          </button>
        </div>
      )}
    </section>
  );
}
