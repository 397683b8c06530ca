// The session's real terminals (running or ended, from terminals.list) and the way to them: the
// terminal panel under the editor, where they are opened, renamed and killed.
import { apiErrorCode, describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useShellLayout } from '../shell/shell-layout';

export function TerminalsCard({ sessionId }: { sessionId: string }) {
  const list = trpc.terminals.list.useQuery({ session_id: sessionId }, { retry: false });
  const layout = useShellLayout();
  const terminals = list.data?.terminals;
  return (
    <section className="card" aria-labelledby="terminals-heading">
      <h2 id="terminals-heading">Terminals</h2>
      {list.error ? (
        <p className="list-empty">
          {apiErrorCode(list.error) === 'SERVICE_UNAVAILABLE'
            ? 'Terminals are not available on this server.'
            : describeApiError(list.error).message}
        </p>
      ) : terminals?.length === 0 ? (
        <p className="list-empty">None running</p>
      ) : (
        <ul className="list-editor-rows" aria-label="Terminals">
          {terminals?.map((terminal) => (
            <li key={terminal.terminal_id} className="list-item">
              <span className="list-item-text">
                {terminal.title}{' '}
                <span className="muted">
                  {terminal.state === 'running'
                    ? 'running'
                    : `exited${terminal.exit_code === null ? '' : ` ${terminal.exit_code}`}`}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {!layout.bottomVisible && (
        <button type="button" className="button" onClick={layout.toggleBottom}>
          Open the terminal panel
        </button>
      )}
    </section>
  );
}
