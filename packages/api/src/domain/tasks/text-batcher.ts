// Streamed text (a model's words, a command's output) goes out as stored events in batches: at
// most one every `intervalMs`, or as soon as `maxChars` have gathered, one write at a time and in
// order. A failed write is dropped: the final result carries the whole text anyway.
export class TextBatcher {
  private buffered = '';
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (text: string) => Promise<unknown>,
    private readonly intervalMs = 200,
    private readonly maxChars = 16_384,
  ) {}

  add(text: string): void {
    if (!text) return;
    this.buffered += text;
    if (this.buffered.length >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Writes what is left and waits for every write. */
  async close(): Promise<void> {
    this.flush();
    await this.writing;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffered) return;
    const text = this.buffered;
    this.buffered = '';
    this.writing = this.writing
      .then(
        () => this.write(text).then(() => undefined),
        () => undefined,
      )
      .catch(() => undefined);
  }
}
