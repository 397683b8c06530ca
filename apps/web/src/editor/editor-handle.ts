import { ValueSlot } from '../shell/value-slot';

// What the rest of the IDE may ask of the open code editor (the commands "Go to line…",
// "Find", "Replace", "Ask about the selection"), without loading CodeMirror: the lazily loaded editor fills the slot once
// it is on screen and empties it when it goes.

export interface EditorHandle {
  gotoLine(): void;
  find(): void;
  replace(): void;
  focus(): void;
  /** The selected text and its lines (1-based, inclusive); with nothing selected, the cursor's line (null when empty). */
  selection(): EditorSelection | null;
}

export interface EditorSelection {
  text: string;
  startLine: number;
  endLine: number;
}

/** The open editor's handle, or null while none is on screen. */
export class EditorHandleSlot extends ValueSlot<EditorHandle | null> {
  constructor() {
    super(null);
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
