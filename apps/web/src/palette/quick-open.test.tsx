// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryWorkspaceFiles } from '../workspace/memory-workspace-files';
import { FilesError } from '../workspace/workspace-files';
import { QuickOpen } from './quick-open';

afterEach(cleanup);

describe('QuickOpen (Ctrl+P)', () => {
  it('lists the open files first, then asks files.find as one types, and opens the chosen file', async () => {
    const files = new MemoryWorkspaceFiles({ files: { 'src/app.ts': '', 'src/greet.ts': '', 'docs/guide.md': '' } });
    const opened: string[] = [];
    render(<QuickOpen files={files} recent={['src/app.ts']} onOpen={(path) => opened.push(path)} onClose={() => {}} />);
    expect(screen.getAllByRole('option').map((option) => option.getAttribute('aria-label'))).toEqual(['src/app.ts']);
    const input = screen.getByRole('combobox', { name: 'Go to file' });
    fireEvent.change(input, { target: { value: 'gre' } });
    await waitFor(() =>
      expect(screen.getAllByRole('option').map((option) => option.getAttribute('aria-label'))).toEqual(['src/greet.ts']),
    );
    expect(files.calls.filter((call) => call.method === 'find').map((call) => call.args[0])).toEqual(['gre']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(opened).toEqual(['src/greet.ts']);
  });

  it('says why nothing can be listed when the files API refuses', async () => {
    const files = new MemoryWorkspaceFiles();
    files.find = () => Promise.reject(new FilesError('SESSION_NOT_FOUND', 'Session not found'));
    render(<QuickOpen files={files} recent={[]} onOpen={() => {}} onClose={() => {}} />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'x' } });
    await screen.findByText('This session no longer exists, or is not yours.');
  });
});
