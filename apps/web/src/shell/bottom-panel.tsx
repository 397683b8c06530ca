// The bottom panel (Ctrl+`): the open session's terminals. Its height follows a drag of its top
// edge (or the arrow keys on it) and is remembered in this browser; the terminals are loaded on
// first use, so xterm.js is fetched only by those who open the panel.
import { lazy, Suspense, useState, type PointerEvent as ReactPointerEvent } from 'react';

const TerminalPanel = lazy(() => import('../terminal/terminal-panel'));

const HEIGHT_KEY = 'coditect.panelHeight';
const MIN_HEIGHT = 120;
const DEFAULT_HEIGHT = 260;

function rememberedHeight(): number {
  const stored = Number(localStorage.getItem(HEIGHT_KEY));
  return Number.isFinite(stored) && stored >= MIN_HEIGHT ? stored : DEFAULT_HEIGHT;
}

export function BottomPanel({ onClose }: { onClose(): void }) {
  const [height, setHeightState] = useState(rememberedHeight);
  const setHeight = (next: number) => {
    // Never more than most of the window: the editor keeps a few lines.
    const clamped = Math.round(Math.max(MIN_HEIGHT, Math.min(next, window.innerHeight - 200)));
    setHeightState(clamped);
    try {
      localStorage.setItem(HEIGHT_KEY, String(clamped));
    } catch {
      // Not remembered.
    }
  };
  const startDrag = (event: ReactPointerEvent<HTMLDivElement>) => {
    const startY = event.clientY;
    const startHeight = height;
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent) => setHeight(startHeight + startY - moved.clientY);
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  };
  return (
    <div className="bottom-panel-frame" style={{ height }}>
      <div
        className="panel-resize-handle"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the panel"
        aria-valuenow={height}
        aria-valuemin={MIN_HEIGHT}
        tabIndex={0}
        onPointerDown={startDrag}
        onKeyDown={(event) => {
          if (event.key === 'ArrowUp') setHeight(height + 24);
          else if (event.key === 'ArrowDown') setHeight(height - 24);
        }}
      />
      <Suspense
        fallback={
          <section className="bottom-panel" aria-label="Terminals" aria-busy="true">
            <header className="panel-header">
              <h2>Terminal</h2>
            </header>
          </section>
        }
      >
        <TerminalPanel onClose={onClose} />
      </Suspense>
    </div>
  );
}
