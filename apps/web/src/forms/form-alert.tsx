import type { ReactNode } from 'react';

/** A message about the whole form; announced to screen readers when it appears. */
export function FormAlert({ tone, children }: { tone: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`form-alert form-alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
