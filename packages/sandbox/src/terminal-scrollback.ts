// The last bytes a terminal printed, bounded, so a new attachment can be shown the current screen.
// Kept as the chunks the PTY delivered: an idle terminal holds a few hundred bytes, not the bound.

/** Merging many small chunks into one bounds the array's own overhead. */
const MAX_CHUNKS = 512;

export class TerminalScrollback {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(readonly capacity: number) {}

  push(chunk: Buffer): void {
    if (chunk.length >= this.capacity) {
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.capacity))];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
    if (this.chunks.length > MAX_CHUNKS) this.chunks = [Buffer.concat(this.chunks, this.size)];
  }

  /** Everything held, oldest first (may begin in the middle of a line or escape sequence). */
  snapshot(): Buffer {
    if (this.chunks.length === 1) return this.chunks[0]!;
    return Buffer.concat(this.chunks, this.size);
  }

  get byteLength(): number {
    return this.size;
  }
}
