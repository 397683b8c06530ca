// The sidebar's Sessions panel. The server does not serve workspace sessions yet, so the panel
// says so instead of showing anything made up; with sessions.list it renders <SessionList>.
export function SessionsPanel() {
  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <header className="panel-header">
        <h2 id="sessions-heading">Sessions</h2>
      </header>
      <p className="panel-note">Workspace sessions are not available on this server yet.</p>
    </section>
  );
}
