import { useState, type FormEvent } from 'react';
import { SESSION_LIMITS, ZBreakpoint, type TWorkspaceSession } from '@coditect/api/contract';
import { RemoveButton } from './remove-button';

type Breakpoint = TWorkspaceSession['breakpoints'][number];

export function BreakpointsCard({
  breakpoints,
  onChange,
}: {
  breakpoints: Breakpoint[];
  onChange(breakpoints: Breakpoint[]): void;
}) {
  const [file, setFile] = useState('');
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZBreakpoint.safeParse({ file: file.trim(), line: line === '' ? NaN : Number(line) });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.path[0] === 'file' ? 'Enter a file' : 'Enter a line number (0 or more)');
      return;
    }
    if (breakpoints.some((each) => each.file === parsed.data.file && each.line === parsed.data.line)) {
      setError('Already set');
      return;
    }
    if (breakpoints.length >= SESSION_LIMITS.breakpoints) {
      setError(`At most ${SESSION_LIMITS.breakpoints}`);
      return;
    }
    onChange([...breakpoints, parsed.data]);
    setLine('');
    setError(null);
  };

  return (
    <section className="card" aria-labelledby="breakpoints-heading">
      <h2 id="breakpoints-heading">Breakpoints</h2>
      {breakpoints.length === 0 ? (
        <p className="list-empty">None yet</p>
      ) : (
        <ul className="list-editor-rows" aria-label="Breakpoints">
          {breakpoints.map((breakpoint) => {
            const name = `${breakpoint.file}:${breakpoint.line}`;
            return (
              <li key={name} className="list-item">
                <code className="list-item-text">{name}</code>
                <RemoveButton
                  label={`Remove breakpoint ${name}`}
                  onRemove={() => onChange(breakpoints.filter((each) => each !== breakpoint))}
                />
              </li>
            );
          })}
        </ul>
      )}
      <form className="list-add" onSubmit={add} noValidate aria-label="Add a breakpoint">
        <input
          type="text"
          aria-label="Breakpoint file"
          placeholder="src/app.ts"
          value={file}
          onChange={(event) => setFile(event.target.value)}
        />
        <input
          type="number"
          min={0}
          className="input-narrow"
          aria-label="Breakpoint line"
          placeholder="Line"
          value={line}
          onChange={(event) => setLine(event.target.value)}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <p className="field-message field-error">{error ?? ''}</p>
    </section>
  );
}
