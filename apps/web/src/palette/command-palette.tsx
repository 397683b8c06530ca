// Ctrl+Shift+P / F1: every command that applies now, filtered fuzzily, with its shortcut.
import { useState } from 'react';
import { useCommandList, type AppCommand } from '../commands/command-registry';
import { formatShortcut } from '../commands/keyboard-shortcut';
import { rankByFuzzyMatch, type FuzzyMatch } from '../matching/fuzzy-match';
import { Highlighted, QuickPick } from './quick-pick';

const commandText = (command: AppCommand) => `${command.category}: ${command.title}`;

export function CommandPalette({ onClose }: { onClose(): void }) {
  const commands = useCommandList();
  const [query, setQuery] = useState('');
  const ranked = rankByFuzzyMatch(query, commands, commandText);
  const matches = new Map<AppCommand, FuzzyMatch>(ranked.map(({ item, match }) => [item, match]));
  return (
    <QuickPick
      label="Command palette"
      placeholder="Type a command"
      query={query}
      onQueryChange={setQuery}
      items={ranked.map(({ item }) => item)}
      itemKey={(command) => command.id}
      itemLabel={(command) => commandText(command)}
      emptyText="No command matches"
      onClose={onClose}
      onPick={(command) => {
        onClose();
        command.run();
      }}
      renderItem={(command) => (
        <>
          <span className="quick-pick-main">
            <Highlighted text={commandText(command)} positions={matches.get(command)?.positions ?? []} />
          </span>
          {command.shortcuts?.[0] && <kbd className="quick-pick-shortcut">{formatShortcut(command.shortcuts[0])}</kbd>}
        </>
      )}
    />
  );
}
