// GFM task list items ("- [ ] todo", "- [x] done"), which markdown-it does not know: a core rule
// marks the item's open token with `meta.task` (checked or not) and its list with `meta.taskList`,
// and removes the "[ ] " marker from the item's text.
import type { MarkdownIt, Token } from 'markdown-it';

const MARKER = /^\[([ xX])\][ \t]/;

export interface TaskMeta {
  task?: { checked: boolean };
  taskList?: boolean;
}

export function taskLists(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'task_lists', (state) => {
    const tokens = state.tokens;
    for (let index = 2; index < tokens.length; index++) {
      const inline = tokens[index]!;
      const item = tokens[index - 2]!;
      if (inline.type !== 'inline' || tokens[index - 1]!.type !== 'paragraph_open' || item.type !== 'list_item_open') continue;
      const match = MARKER.exec(inline.content);
      const first = inline.children?.[0];
      if (!match || first?.type !== 'text' || !MARKER.test(first.content)) continue;
      first.content = first.content.slice(match[0].length);
      item.meta = { ...(item.meta as TaskMeta | null), task: { checked: match[1] !== ' ' } } satisfies TaskMeta;
      const list = listOf(tokens, index - 2);
      if (list) list.meta = { ...(list.meta as TaskMeta | null), taskList: true } satisfies TaskMeta;
    }
  });
}

function listOf(tokens: Token[], itemIndex: number): Token | undefined {
  const level = tokens[itemIndex]!.level - 1;
  for (let index = itemIndex - 1; index >= 0; index--) {
    const token = tokens[index]!;
    if (token.level === level && (token.type === 'bullet_list_open' || token.type === 'ordered_list_open')) return token;
  }
  return undefined;
}
