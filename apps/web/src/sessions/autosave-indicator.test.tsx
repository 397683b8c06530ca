import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { AutosaveIndicator } from './autosave-indicator';
import type { AutosaveStatus } from './session-autosave';

const render = (status: AutosaveStatus) =>
  renderToStaticMarkup(<AutosaveIndicator status={status} onReload={() => {}} onOverwrite={() => {}} onRetry={() => {}} />);

describe('AutosaveIndicator', () => {
  it('offers reload and overwrite when the session changed elsewhere, naming the unsaved fields', () => {
    const html = render({ state: 'conflict', version: 4, fields: ['editor_state', 'tags'] });
    expect(html).toContain('This session changed elsewhere.');
    expect(html).toContain('open files, tags');
    expect(html).toContain('Reload theirs');
    expect(html).toContain('Overwrite with mine');
  });

  it('offers a retry only when no retry is scheduled', () => {
    expect(render({ state: 'failed', version: 1, message: 'Nope', retrying: false })).toContain('Retry');
    expect(
      render({ state: 'failed', version: 1, message: 'Too many attempts. Try again in 7 seconds.', retrying: true }),
    ).not.toContain('>Retry<');
  });

  it('says when everything is saved', () => {
    expect(render({ state: 'saved', version: 2 })).toContain('Saved');
  });
});
