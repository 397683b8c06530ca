import { describe, expect, it } from 'vitest';
import { TerminalScrollback } from '../src/terminal-scrollback';

describe('TerminalScrollback', () => {
  it('keeps everything under its capacity, in order', () => {
    const scrollback = new TerminalScrollback(100);
    scrollback.push(Buffer.from('hello '));
    scrollback.push(Buffer.from('world'));
    expect(scrollback.snapshot().toString()).toBe('hello world');
  });

  it('drops the oldest bytes past its capacity, cutting inside a chunk when needed', () => {
    const scrollback = new TerminalScrollback(8);
    scrollback.push(Buffer.from('abcdef'));
    scrollback.push(Buffer.from('ghij'));
    expect(scrollback.snapshot().toString()).toBe('cdefghij');
    scrollback.push(Buffer.from('0123456789abc'));
    expect(scrollback.snapshot().toString()).toBe('6789abc'.padStart(8, '5'));
    expect(scrollback.byteLength).toBe(8);
  });

  it('stays bounded under many small chunks (keystroke echoes)', () => {
    const scrollback = new TerminalScrollback(1000);
    for (let i = 0; i < 10_000; i++) scrollback.push(Buffer.from(String(i % 10)));
    expect(scrollback.byteLength).toBe(1000);
    expect(scrollback.snapshot().toString()).toBe('0123456789'.repeat(100));
  });
});
