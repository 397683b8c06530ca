import { describe, expect, it } from 'vitest';
import { readFenceInfo } from './fence-info';

describe('readFenceInfo', () => {
  it.each([
    ['ts', 'x', { language: 'typescript', path: null }],
    ['TypeScript', 'x', { language: 'typescript', path: null }],
    ['py', 'x', { language: 'python', path: null }],
    ['bash', 'x', { language: 'shell', path: null }],
    ['', 'x', { language: 'plaintext', path: null }],
    ['ts src/app.ts', 'x', { language: 'typescript', path: 'src/app.ts' }],
    ['src/app.ts', 'x', { language: 'typescript', path: 'src/app.ts' }],
    ['', '// file: src/main.rs\nfn main() {}', { language: 'rust', path: 'src/main.rs' }],
    ['python', '# file: ./tools/run.py\nprint(1)', { language: 'python', path: 'tools/run.py' }],
    ['html', '<!-- file: public/index.html -->', { language: 'html', path: 'public/index.html' }],
    ['ts ../../etc/passwd.ts', 'x', { language: 'typescript', path: null }],
    ['ts /abs/path.ts', 'x', { language: 'typescript', path: 'abs/path.ts' }],
    ['', '// file: a//b.ts', { language: 'plaintext', path: null }],
    ['', 'const file: string = 1', { language: 'plaintext', path: null }],
  ])('%j with first line %j', (info, code, expected) => {
    expect(readFenceInfo(info, code)).toEqual(expected);
  });
});
