// What the rest of the IDE may ask of the open code editor (the commands "Go to line…",
// "Find", "Replace"), without loading CodeMirror: the lazily loaded editor fills the slot once
// it is on screen and empties it when it goes.

export interface EditorHandle {
  gotoLine(): void;
  find(): void;
  replace(): void;
  focus(): void;
}

export class EditorHandleSlot {
  private handle: EditorHandle | null = null;
  private readonly listeners = new Set<() => void>();

  current = (): EditorHandle | null => this.handle;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(handle: EditorHandle | null): void {
    this.handle = handle;
    for (const listener of this.listeners) listener();
  }
}

/** A request to put the cursor somewhere (a search result, go to file:line), 0-based. */
export interface RevealRequest {
  path: string;
  line: number;
  column: number;
  /** A new request for the same place moves the cursor there again. */
  id: number;
}
