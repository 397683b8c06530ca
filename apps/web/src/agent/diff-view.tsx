// A unified diff (an approval's preview of a write) as lines marked added, removed or context.
export function diffLineKind(line: string): 'added' | 'removed' | 'hunk' | 'file' | 'context' {
  if (line.startsWith('+++') || line.startsWith('---')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff-view" aria-label={label} tabIndex={0}>
      {lines.map((line, index) => {
        const kind = diffLineKind(line);
        return (
          <span key={index} className={`diff-line diff-${kind}`} data-kind={kind}>
            {line || ' '}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
