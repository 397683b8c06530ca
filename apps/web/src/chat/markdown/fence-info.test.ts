import { describe, expect, it } from 'vitest';
import { readFenceInfo } from './fence-info';

describe('readFenceInfo', () => {
  it.each([
    ['ts', 'x', { language: 'typescript', path: null, namedByFirstLine: false }],
    ['TypeScript', 'x', { language: 'typescript', path: null, namedByFirstLine: false }],
    ['py', 'x', { language: 'python', path: null, namedByFirstLine: false }],
    ['bash', 'x', { language: 'shell', path: null, namedByFirstLine: false }],
    ['', 'x', { language: 'plaintext', path: null, namedByFirstLine: false }],
    ['ts src/app.ts', 'x', { language: 'typescript', path: 'src/app.ts', namedByFirstLine: false }],
    ['src/app.ts', 'x', { language: 'typescript', path: 'src/app.ts', namedByFirstLine: false }],
    ['', '// file: src/main.rs\nfn main() {}', { language: 'rust', path: 'src/main.rs', namedByFirstLine: true }],
    ['python', '# file: ./tools/run.py\nprint(1)', { language: 'python', path: 'tools/run.py', namedByFirstLine: true }],
    ['html', '<!-- file: public/index.html -->', { language: 'html', path: 'public/index.html', namedByFirstLine: true }],
    ['ts ../../etc/passwd.ts', 'x', { language: 'typescript', path: null, namedByFirstLine: false }],
    ['ts /abs/path.ts', 'x', { language: 'typescript', path: 'abs/path.ts', namedByFirstLine: false }],
    ['', '// file: a//b.ts', { language: 'plaintext', path: null, namedByFirstLine: false }],
    ['', 'const file: string = 1', { language: 'plaintext', path: null, namedByFirstLine: false }],
  ])('%j with first line %j', (info, code, expected) => {
    expect(readFenceInfo(info, code)).toEqual(expected);
  });
});
