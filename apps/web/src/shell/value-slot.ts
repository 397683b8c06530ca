// A value that parts of the IDE far apart in the tree hand each other (the open editor's handle, a
// selection to ask the chat about), read with useSyncExternalStore so only its readers re-render.
export class ValueSlot<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  current = (): T => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: T): void {
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}
