import { Link } from 'wouter';
import { trpc } from '../api/trpc';

/** The main area with no session open. */
export function WelcomePage() {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  return (
    <div className="page welcome">
      <header className="page-header">
        <h1>{me.data ? `Welcome, ${me.data.first_name}` : <span className="skeleton skeleton-heading" />}</h1>
        <p className="page-lede">
          No session is open. Pick one in the sidebar, or create one with +; each session has its own AI chat.
        </p>
      </header>
      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Start here</h2>
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
          <dt>
            <kbd>Ctrl</kbd> + <kbd>,</kbd>
          </dt>
          <dd>Open settings</dd>
          <dt>
            <kbd>Tab</kbd> / <kbd>Shift</kbd> + <kbd>Tab</kbd>
          </dt>
          <dd>Move between the sections, the sidebar and the page (the first Tab offers “Skip to content”)</dd>
          <dt>
            <kbd>Enter</kbd> / <kbd>Shift</kbd> + <kbd>Enter</kbd>
          </dt>
          <dd>In a session’s AI chat: send the message / start a new line</dd>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>In the AI chat: stop the reply being written</dd>
        </dl>
      </section>
    </div>
  );
}
