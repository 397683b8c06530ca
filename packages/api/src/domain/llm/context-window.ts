// How much of a conversation goes to the model: its newest messages within a token budget.
import type { TMessage } from '../../contract/conversations';

/** The newest messages whose token counts fit the budget; the newest one always goes. */
export function contextWindow(history: TMessage[], maxTokens: number): TMessage[] {
  let tokens = 0;
  let start = history.length;
  while (start > 0) {
    const next = history[start - 1]!;
    if (start < history.length && tokens + next.token_count > maxTokens) break;
    tokens += next.token_count;
    start -= 1;
  }
  return history.slice(start);
}
