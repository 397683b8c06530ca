import { Link } from 'wouter';
import { apiContract } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { useCommandRegistry } from '../commands/command-registry';
import { formatShortcut } from '../commands/keyboard-shortcut';
import { useMayCall } from '../organisations/use-tenants';

/** The main area with no session open. */
export function WelcomePage() {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  const commands = useCommandRegistry();
  const mayCreateSession = useMayCall(apiContract.sessions.create);
  return (
    <div className="page welcome">
      <header className="page-header">
        <h1>{me.data ? `Welcome, ${me.data.first_name}` : <span className="skeleton skeleton-heading" />}</h1>
        <p className="page-lede">
          No session is open. A session keeps your open files, terminals, breakpoints, notes and its own AI chat together.
        </p>
      </header>
      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Start here</h2>
        <div className="welcome-actions">
          {mayCreateSession && (
            <button type="button" className="button button-primary" onClick={() => commands.run('session.new')}>
              New session
            </button>
          )}
          <button
            type="button"
            className={mayCreateSession ? 'button' : 'button button-primary'}
            onClick={() => commands.run('view.sessions')}
          >
            Open a session
          </button>
        </div>
        <ul className="link-list">
          <li>
            <Link href="/settings/theme">Choose a theme and accent color</Link>
          </li>
          <li>
            <Link href="/settings/editor">Set the editor font size</Link>
          </li>
          <li>
            <Link href="/profile">Edit your name, change your password or create an API key</Link>
          </li>
        </ul>
      </section>
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keyboard</h2>
        <dl className="shortcuts">
          {(
            [
              ['Ctrl+Shift+P', 'All commands (also F1)'],
              ['Ctrl+P', 'Go to a file of the open session'],
              ['Ctrl+Shift+F', 'Search in the session’s files'],
              ['Ctrl+S', 'Save the file'],
              ['Ctrl+G', 'Go to a line'],
              ['Ctrl+B', 'Show or hide the side panel'],
              ['Ctrl+,', 'Open settings'],
            ] as const
          ).map(([keys, what]) => (
            <div key={keys} className="shortcut-row">
              <dt>
                <kbd>{formatShortcut(keys)}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
