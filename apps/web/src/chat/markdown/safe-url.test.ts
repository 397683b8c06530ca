import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-url';

describe('safeHref', () => {
  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    '\u001fjavascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,AAAA',
    'file:///etc/passwd',
    '/api/v5/sessions',
    '//evil.example/x',
    '#top',
    '',
    null,
  ])('refuses %j', (url) => {
    expect(safeHref(url)).toBeNull();
  });

  it.each([
    ['https://example.com/a b', 'https://example.com/a%20b'],
    ['HTTP://Example.com', 'http://example.com/'],
    ['mailto:me@example.com', 'mailto:me@example.com'],
  ])('allows %j as %j', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });
});
