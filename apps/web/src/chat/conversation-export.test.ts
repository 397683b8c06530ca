import { describe, expect, it } from 'vitest';
import { exportFileName } from './conversation-export';

describe('exportFileName', () => {
  it("prefers the server's encoded name, then its plain one", () => {
    expect(exportFileName(`attachment; filename="a.md"; filename*=UTF-8''caf%C3%A9.md`, 'x', 'markdown')).toBe('café.md');
    expect(exportFileName('attachment; filename="notes.json"', 'x', 'json')).toBe('notes.json');
  });

  it('makes a name from the title without path characters when the server gives none', () => {
    expect(exportFileName(null, '../etc/passwd: PIC 9', 'markdown')).toBe('etcpasswd PIC 9.md');
    expect(exportFileName('attachment', '///', 'json')).toBe('conversation.json');
  });
});
