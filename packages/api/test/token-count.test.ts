// The segmented count equals the tokenizer's own count on ordinary text and code, and stays fast
// on the inputs that make byte-pair encoding superlinear.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countTokens as tokenizerCount } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens } from '../src/domain/conversations/token-count';

const direct = (text: string) => tokenizerCount(text, { disallowedSpecial: new Set() });
const repoFile = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

const MARKDOWN = [
  '# Coditect V5',
  '',
  '**Run it** (a machine with only Node.js ≥ 20 and npm):',
  '',
  '```sh',
  'corepack enable && pnpm install --frozen-lockfile && pnpm start',
  '```',
  '',
  '| variable | default | meaning |',
  '| --- | --- | --- |',
  '| `PORT` | 8080 | where the server listens |',
  '| `DATA_DIR` | `.data` | the embedded store, the workspaces |',
  '',
  '- [x] a task list item',
  '- a link to [the reference](http://localhost:8080/api/v5/docs)',
  '',
  '> A quote, with _emphasis_ and `code`.',
]
  .join('\n')
  .repeat(20);

const YAML = [
  'services:',
  '  redis:',
  '    image: redis:7',
  '    healthcheck:',
  '      test: ["CMD", "redis-cli", "ping"]',
  '      interval: 5s',
  '  server:',
  '    depends_on: { redis: { condition: service_healthy } }',
  '    environment:',
  '      - REDIS_URL=redis://redis:6379',
  '      - WORKSPACES_DIR=/data/workspaces',
]
  .join('\n')
  .repeat(20);

describe('countTokens', () => {
  it('matches the tokenizer exactly on prose, markdown and code', async () => {
    const samples = [
      'How should I split the auth module?',
      'Hello,  world!\n\n  Indented\tline — with “quotes”, émojis 😀 and numbers 12345.',
      "It's the user's  choice; they'll see.\r\n- item\n    code();",
      // Markdown as people write it (the README itself changes too often to pin an exact count:
      // a table rule longer than a segment with no space in it is counted in slices, see token-count.ts).
      MARKDOWN,
      await repoFile('packages/api/src/domain/conversations/message-service.ts'),
      await repoFile('apps/server/src/app.ts'),
      YAML,
    ];
    for (const text of samples) expect(countTokens(text), text.slice(0, 40)).toBe(direct(text));
  });

  it('matches the tokenizer exactly on random words, punctuation and whitespace', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'Z', 'é', '中', '😀', '1', '2', ';', '/', "'", 's', '(', '.', '-', '\u0301'),
      minLength: 1,
      maxLength: 12,
    });
    const gap = fc.constantFrom(' ', '  ', '\n', '\n\n  ', ' \n', '\r\n', '\t ', '\n\t');
    const text = fc.array(fc.tuple(word, gap), { minLength: 20, maxLength: 150 }).map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(text, (sample) => countTokens(sample) === direct(sample)),
      { numRuns: 300 },
    );
  });

  it('counts text that looks like a special token as ordinary text', () => {
    expect(countTokens('a <|endoftext|> b')).toBe(direct('a <|endoftext|> b'));
    expect(countTokens('<|endoftext|>'.repeat(20))).toBeGreaterThan(20);
  });

  it('stays within a few percent on long runs without a space, and fast', () => {
    const random = (pool: string, length: number) =>
      Array.from({ length }, (_, i) => pool[(i * 7919 + ((i * i) % 13)) % pool.length]).join('');
    const started = performance.now();
    const runs = [
      '€'.repeat(100_000),
      'a'.repeat(100_000),
      ' '.repeat(100_000),
      random('中文字符测试数据随机内容', 100_000),
      '😀'.repeat(50_000),
    ];
    const counts = runs.map(countTokens);
    expect(performance.now() - started).toBeLessThan(10_000);
    for (const index of runs.keys()) expect(counts[index], `run ${index}`).toBeGreaterThan(0);
    const sample = random('中文字符测试数据随机内容', 4000);
    expect(Math.abs(countTokens(sample) - direct(sample)) / direct(sample)).toBeLessThan(0.03);
  });
});
