// The bottom panel's place (Ctrl+`): terminals will live here once the terminal service is wired
// in; the frame reserves it now so adding them moves nothing else.
export function BottomPanel({ onClose }: { onClose(): void }) {
  return (
    <section className="bottom-panel" aria-label="Panel">
      <header className="panel-header">
        <h2>Terminal</h2>
        <button type="button" className="button button-quiet button-icon" aria-label="Close the panel" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="panel-note">
        Terminals arrive with the terminal service. The session’s terminals are listed in its Session view.
      </p>
    </section>
  );
}
