// The session's terminals (working directory and command) with the active one.
import { useState, type FormEvent } from 'react';
import { SESSION_LIMITS, ZTerminal, type TTerminalState } from '@coditect/api/contract';
import { RemoveButton } from './remove-button';

export function TerminalsCard({ state, onChange }: { state: TTerminalState; onChange(state: TTerminalState): void }) {
  const [cwd, setCwd] = useState('');
  const [command, setCommand] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const terminal = ZTerminal.safeParse({ id: `term-${Date.now().toString(36)}`, cwd: cwd.trim(), command });
    if (!terminal.success) {
      setError(terminal.error.issues[0]?.path[0] === 'cwd' ? 'Enter a working directory' : 'Command too long');
      return;
    }
    if (state.open_terminals.length >= SESSION_LIMITS.terminals) {
      setError(`At most ${SESSION_LIMITS.terminals} terminals`);
      return;
    }
    onChange({ open_terminals: [...state.open_terminals, terminal.data], active_terminal: terminal.data.id });
    setCwd('');
    setCommand('');
    setError(null);
  };

  return (
    <section className="card" aria-labelledby="terminals-heading">
      <h2 id="terminals-heading">Terminals</h2>
      {state.open_terminals.length === 0 ? (
        <p className="list-empty">None yet</p>
      ) : (
        <ul className="list-editor-rows" aria-label="Terminals">
          {state.open_terminals.map((terminal) => (
            <li key={terminal.id} className={terminal.id === state.active_terminal ? 'list-item list-item-active' : 'list-item'}>
              <button
                type="button"
                className="list-item-text list-item-select"
                aria-pressed={terminal.id === state.active_terminal}
                onClick={() => onChange({ ...state, active_terminal: terminal.id })}
              >
                <code>{terminal.cwd}</code> {terminal.command && <span className="muted">$ {terminal.command}</span>}
              </button>
              <RemoveButton
                label={`Remove terminal in ${terminal.cwd}`}
                onRemove={() => {
                  const open_terminals = state.open_terminals.filter((each) => each.id !== terminal.id);
                  const active_terminal =
                    state.active_terminal === terminal.id ? (open_terminals.at(-1)?.id ?? null) : state.active_terminal;
                  onChange({ open_terminals, active_terminal });
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <form className="list-add" onSubmit={add} noValidate aria-label="Add a terminal">
        <input
          type="text"
          aria-label="Working directory"
          placeholder="/home/me/project"
          value={cwd}
          onChange={(event) => setCwd(event.target.value)}
        />
        <input
          type="text"
          aria-label="Command"
          placeholder="pnpm dev"
          value={command}
          onChange={(event) => setCommand(event.target.value)}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <p className="field-message field-error">{error ?? ''}</p>
    </section>
  );
}
