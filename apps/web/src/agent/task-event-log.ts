// One task's events as the panel has them, from two sources that race: pages of tasks.events and
// the live channel. Kept by id (ids count up from 1 within a task), so a live event that arrives
// before the page holding its predecessors neither duplicates nor hides them; `after` is where
// the next page must start for nothing to be missing.
import type { TTaskEvent } from '@coditect/api/contract';

export class TaskEventLog {
  private readonly byId = new Map<number, TTaskEvent>();
  private contiguous = 0;

  constructor(readonly taskId: string) {}

  /** Adds the task's events (others are ignored); true when something new was added. */
  add(events: readonly TTaskEvent[]): boolean {
    let added = false;
    for (const event of events) {
      const id = Number(event.id);
      if (event.task_id !== this.taskId || !Number.isSafeInteger(id) || this.byId.has(id)) continue;
      this.byId.set(id, event);
      added = true;
    }
    while (this.byId.has(this.contiguous + 1)) this.contiguous += 1;
    return added;
  }

  /** The last id up to which every event is here (undefined: none yet). */
  get after(): string | undefined {
    return this.contiguous === 0 ? undefined : String(this.contiguous);
  }

  /** Whether events after `after` are known to exist but are not here. */
  get hasGap(): boolean {
    return this.byId.size > this.contiguous;
  }

  events(): TTaskEvent[] {
    return [...this.byId.entries()].sort(([a], [b]) => a - b).map(([, event]) => event);
  }
}
