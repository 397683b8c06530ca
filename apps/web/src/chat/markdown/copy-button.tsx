// Copies a text to the clipboard and says so (or that it could not) for a moment.
import { useEffect, useState } from 'react';

const SHOWN_FOR_MS = 2000;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setOutcome('copied'),
      () => setOutcome('failed'),
    );
  };

  return (
    <button type="button" className="button button-quiet button-small copy-button" aria-label={label} onClick={copy}>
      <span aria-live="polite">{outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : 'Copy'}</span>
    </button>
  );
}
