// The bottom panel's terminals: the open session's real shells (terminals.list), a tab each, with
// new, rename (double-click or F2 on a tab), kill, copy and paste. Every terminal stays attached
// while another tab shows, so switching is instant; a reload attaches again to the same shells,
// whose recent screens the server replays. Loaded on first use (xterm.js is a chunk of its own).
import { useCallback, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { TERMINAL_LIMITS, type TRunningTerminal } from '@coditect/api/contract';
import { apiErrorCode, describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useOpenSession } from '../sessions/open-session';
import type { PtyState } from './pty-connection';
import { TerminalView, type TerminalHandle } from './terminal-view';

/** The tab shown, per session, for this browser tab (a reload keeps it). */
const activeKey = (sessionId: string) => `coditect.terminal.${sessionId}`;

function rememberedActive(sessionId: string): string | null {
  try {
    return sessionStorage.getItem(activeKey(sessionId));
  } catch {
    return null;
  }
}

export default function TerminalPanel({ onClose }: { onClose(): void }) {
  const open = useOpenSession();
  const sessionId = open.state === 'none' ? null : open.sessionId;
  return (
    <section className="bottom-panel terminal-panel" aria-label="Terminals">
      {sessionId ? (
        <SessionTerminals key={sessionId} sessionId={sessionId} onClose={onClose} />
      ) : (
        <>
          <PanelHeader onClose={onClose} />
          <p className="panel-note">Open a session to use its terminals.</p>
        </>
      )}
    </section>
  );
}

function PanelHeader({ onClose, children }: { onClose(): void; children?: ReactNode }) {
  return (
    <header className="panel-header terminal-header">
      <h2>Terminal</h2>
      {children}
      <button type="button" className="button button-quiet button-icon" aria-label="Close the panel" onClick={onClose}>
        ×
      </button>
    </header>
  );
}

function SessionTerminals({ sessionId, onClose }: { sessionId: string; onClose(): void }) {
  const utils = trpc.useUtils();
  const list = trpc.terminals.list.useQuery({ session_id: sessionId }, { refetchOnWindowFocus: true, retry: false });
  const create = trpc.terminals.create.useMutation();
  const rename = trpc.terminals.rename.useMutation();
  const kill = trpc.terminals.delete.useMutation();
  const terminals = list.data?.terminals;
  const [active, setActiveState] = useState<string | null>(() => rememberedActive(sessionId));
  const [states, setStates] = useState<Record<string, PtyState>>({});
  const [renaming, setRenaming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const handles = useRef(new Map<string, TerminalHandle>());

  const setActive = useCallback(
    (terminalId: string | null) => {
      setActiveState(terminalId);
      try {
        if (terminalId) sessionStorage.setItem(activeKey(sessionId), terminalId);
        else sessionStorage.removeItem(activeKey(sessionId));
      } catch {
        // Not remembered; the first terminal shows after a reload.
      }
    },
    [sessionId],
  );

  // The tab shown is one that exists: the remembered one, else the newest.
  const shown = terminals?.some((each) => each.terminal_id === active) ? active : (terminals?.at(-1)?.terminal_id ?? null);

  const refresh = () => utils.terminals.list.invalidate({ session_id: sessionId });
  const run = async (work: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(describeApiError(error).message);
    }
  };

  const newTerminal = () =>
    run(async () => {
      const terminal = await create.mutateAsync({ session_id: sessionId });
      utils.terminals.list.setData({ session_id: sessionId }, (data) =>
        data ? { terminals: [...data.terminals, terminal] } : { terminals: [terminal] },
      );
      setActive(terminal.terminal_id);
      void refresh();
    });

  const killTerminal = (terminal: TRunningTerminal) =>
    run(async () => {
      const index = terminals?.findIndex((each) => each.terminal_id === terminal.terminal_id) ?? -1;
      await kill.mutateAsync({ session_id: sessionId, terminal_id: terminal.terminal_id }).catch((error: unknown) => {
        // Already gone (reaped, killed in another tab): it only needs to leave the list.
        if (apiErrorCode(error) !== 'TERMINAL_NOT_FOUND') throw error;
      });
      const rest = terminals?.filter((each) => each.terminal_id !== terminal.terminal_id) ?? [];
      utils.terminals.list.setData({ session_id: sessionId }, { terminals: rest });
      if (terminal.terminal_id === shown) setActive(rest[Math.min(index, rest.length - 1)]?.terminal_id ?? null);
      void refresh();
    });

  const renameTerminal = (terminal: TRunningTerminal, title: string) =>
    run(async () => {
      setRenaming(null);
      const trimmed = title.trim();
      if (!trimmed || trimmed === terminal.title) return;
      const renamed = await rename.mutateAsync({ session_id: sessionId, terminal_id: terminal.terminal_id, title: trimmed });
      utils.terminals.list.setData(
        { session_id: sessionId },
        (data) =>
          data && { terminals: data.terminals.map((each) => (each.terminal_id === renamed.terminal_id ? renamed : each)) },
      );
    });

  const onStateOf = useCallback((terminalId: string, state: PtyState) => {
    setStates((previous) => ({ ...previous, [terminalId]: state }));
  }, []);

  const activeTerminal = terminals?.find((each) => each.terminal_id === shown);
  const onTabKey = (event: KeyboardEvent, terminal: TRunningTerminal, index: number) => {
    if (!terminals) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const next = terminals[(index + (event.key === 'ArrowRight' ? 1 : terminals.length - 1)) % terminals.length];
      if (next) {
        setActive(next.terminal_id);
        document.getElementById(`terminal-tab-${next.terminal_id}`)?.focus();
      }
      event.preventDefault();
    } else if (event.key === 'F2') {
      setRenaming(terminal.terminal_id);
      event.preventDefault();
    } else if (event.key === 'Delete') {
      void killTerminal(terminal);
      event.preventDefault();
    }
  };

  return (
    <>
      <PanelHeader onClose={onClose}>
        <div className="terminal-tabs" role="tablist" aria-label="Terminals">
          {terminals?.map((terminal, index) => {
            const state = states[terminal.terminal_id];
            const ended = terminal.state === 'exited' || state?.state === 'exited' || state?.state === 'closed';
            const selected = terminal.terminal_id === shown;
            return (
              <div key={terminal.terminal_id} className={selected ? 'terminal-tab terminal-tab-active' : 'terminal-tab'}>
                {renaming === terminal.terminal_id ? (
                  <RenameField
                    terminal={terminal}
                    onDone={(title) => void renameTerminal(terminal, title)}
                    onCancel={() => setRenaming(null)}
                  />
                ) : (
                  <button
                    type="button"
                    role="tab"
                    id={`terminal-tab-${terminal.terminal_id}`}
                    className="terminal-tab-label"
                    aria-selected={selected}
                    aria-controls={`terminal-panel-${terminal.terminal_id}`}
                    tabIndex={selected ? 0 : -1}
                    title={`${terminal.title} — double-click or F2 to rename`}
                    onClick={() => setActive(terminal.terminal_id)}
                    onDoubleClick={() => setRenaming(terminal.terminal_id)}
                    onKeyDown={(event) => onTabKey(event, terminal, index)}
                  >
                    <span className="terminal-tab-name">{terminal.title}</span>{' '}
                    {ended && <span className="terminal-tab-ended">{endedLabel(terminal, state)}</span>}
                    {!ended && state?.state === 'reconnecting' && <span className="terminal-tab-ended">reconnecting…</span>}
                  </button>
                )}
                <button
                  type="button"
                  className="terminal-tab-close"
                  aria-label={`Kill terminal ${terminal.title}`}
                  title="Kill the terminal"
                  onClick={() => void killTerminal(terminal)}
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
        <div className="terminal-actions">
          <button
            type="button"
            className="button button-quiet"
            aria-label="New terminal"
            title="New terminal"
            onClick={() => void newTerminal()}
            disabled={create.isPending}
          >
            +<span className="terminal-new-label">&nbsp;New terminal</span>
          </button>
          <button
            type="button"
            className="button button-quiet terminal-action-extra"
            disabled={!activeTerminal}
            onClick={() => activeTerminal && setRenaming(activeTerminal.terminal_id)}
          >
            Rename
          </button>
          <button
            type="button"
            className="button button-quiet terminal-action-extra"
            disabled={!activeTerminal}
            title="Copy the selection (Ctrl+Shift+C)"
            onClick={() => shown && handles.current.get(shown)?.copy()}
          >
            Copy
          </button>
          <button
            type="button"
            className="button button-quiet terminal-action-extra"
            disabled={!activeTerminal}
            title="Paste (Ctrl+Shift+V)"
            onClick={() => shown && handles.current.get(shown)?.paste()}
          >
            Paste
          </button>
        </div>
      </PanelHeader>
      {failure && (
        <p className="panel-note field-error" role="alert">
          {failure}
        </p>
      )}
      <div className="terminal-body">
        {list.error ? (
          <p className="panel-note" role="alert">
            {apiErrorCode(list.error) === 'SERVICE_UNAVAILABLE'
              ? 'Terminals are not available on this server.'
              : describeApiError(list.error).message}
          </p>
        ) : terminals?.length === 0 ? (
          <div className="terminal-empty">
            <p className="panel-note">No terminals in this session yet.</p>
            <button type="button" className="button" onClick={() => void newTerminal()} disabled={create.isPending}>
              Open a terminal
            </button>
          </div>
        ) : (
          terminals?.map((terminal) => (
            <TerminalView
              key={terminal.terminal_id}
              sessionId={sessionId}
              terminalId={terminal.terminal_id}
              title={terminal.title}
              active={terminal.terminal_id === shown}
              onState={(state) => onStateOf(terminal.terminal_id, state)}
              handle={(handle) => {
                if (handle) handles.current.set(terminal.terminal_id, handle);
                else handles.current.delete(terminal.terminal_id);
              }}
            />
          ))
        )}
      </div>
    </>
  );
}

function endedLabel(terminal: TRunningTerminal, state: PtyState | undefined): string {
  if (state?.state === 'closed') return 'gone';
  const code = state?.state === 'exited' && state.code !== null ? state.code : terminal.exit_code;
  return code === null ? 'ended' : `exited ${code}`;
}

function RenameField({
  terminal,
  onDone,
  onCancel,
}: {
  terminal: TRunningTerminal;
  onDone(title: string): void;
  onCancel(): void;
}) {
  const [title, setTitle] = useState(terminal.title);
  // Enter and the blur that follows are one rename.
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    if (value === null) onCancel();
    else onDone(value);
  };
  return (
    <input
      className="terminal-rename"
      aria-label="Terminal name"
      value={title}
      maxLength={TERMINAL_LIMITS.titleChars}
      autoFocus
      onChange={(event) => setTitle(event.target.value)}
      onBlur={() => finish(title)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(title);
        if (event.key === 'Escape') {
          event.stopPropagation();
          finish(null);
        }
      }}
    />
  );
}
