// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { CommandRegistry, CommandsProvider, useCommands } from '../commands/command-registry';
import { CommandPalette } from './command-palette';

function Harness({ registry, ran }: { registry: CommandRegistry; ran: string[] }) {
  const [open, setOpen] = useState(false);
  useCommands([
    { id: 'palette', category: 'View', title: 'Show all commands', shortcuts: ['Ctrl+Shift+P', 'F1'], run: () => setOpen(true) },
    { id: 'panel', category: 'View', title: 'Toggle panel', shortcuts: ['Ctrl+`'], run: () => ran.push('panel') },
    { id: 'save', category: 'File', title: 'Save', shortcuts: ['Ctrl+S'], run: () => ran.push('save') },
    { id: 'hidden', category: 'File', title: 'Not now', enabled: false, run: () => ran.push('hidden') },
  ]);
  void registry;
  return open ? <CommandPalette onClose={() => setOpen(false)} /> : null;
}

function setup() {
  const registry = new CommandRegistry();
  const ran: string[] = [];
  render(
    <CommandsProvider registry={registry}>
      <Harness registry={registry} ran={ran} />
    </CommandsProvider>,
  );
  return { ran };
}

const press = (target: EventTarget, init: KeyboardEventInit) =>
  act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })));

describe('the command palette', () => {
  afterEach(cleanup);

  it('opens with Ctrl+Shift+P, lists the commands that apply with their shortcuts, and filters fuzzily', () => {
    setup();
    press(window, { key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    const options = screen.getAllByRole('option');
    expect(options.map((option) => option.getAttribute('aria-label'))).toEqual([
      'View: Show all commands',
      'View: Toggle panel',
      'File: Save',
    ]);
    expect(options[1]!.textContent).toContain('Ctrl+`');
    fireEvent.change(screen.getByRole('combobox', { name: 'Command palette' }), { target: { value: 'tgpnl' } });
    expect(screen.getAllByRole('option').map((option) => option.getAttribute('aria-label'))).toEqual(['View: Toggle panel']);
  });

  it('moves with the arrow keys and runs the chosen command with Enter, closing', () => {
    const { ran } = setup();
    press(window, { key: 'F1', code: 'F1' });
    const input = screen.getByRole('combobox', { name: 'Command palette' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[2]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[2]!.id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(ran).toEqual(['panel']);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes with Escape, running nothing; shortcuts still run the commands', () => {
    const { ran } = setup();
    press(window, { key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    press(document.body, { key: 's', code: 'KeyS', ctrlKey: true });
    expect(ran).toEqual(['save']);
  });
});
