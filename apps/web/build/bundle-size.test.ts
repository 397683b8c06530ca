// The production build's budget: the sign-in page's JavaScript stays at or below 200 kB gzipped,
// and the editor (CodeMirror, its language packs, the compare view) loads only when a file opens.
// Reads apps/web/dist, which turbo builds before the tests (`pnpm --filter @coditect/web build`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleReport, formatKilobytes } from './bundle-size';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const SIGN_IN_PAGE_BUDGET_BYTES = 200_000;

describe('bundle size of the production build', () => {
  it('keeps the sign-in page small and the editor lazy', () => {
    if (!existsSync(join(DIST, '.vite', 'manifest.json'))) {
      throw new Error(`No production build at ${DIST}: run "pnpm --filter @coditect/web build" first.`);
    }
    const report = bundleReport(DIST);
    console.log(
      `sign-in page JS: ${formatKilobytes(report.signInPage.gzipBytes)} gzip (${report.signInPage.files.join(', ')}); lazy: ${report.lazy
        .map((chunk) => `${chunk.name} ${formatKilobytes(chunk.gzipBytes)}`)
        .join(', ')}`,
    );
    expect(report.signInPage.gzipBytes).toBeLessThanOrEqual(SIGN_IN_PAGE_BUDGET_BYTES);
    const initial = report.signInPage.files.join(' ');
    for (const lazyPart of ['codemirror', 'code-editor', 'compare-view', 'lang-javascript', 'lang-python', 'signed-in-app']) {
      expect(initial).not.toContain(lazyPart);
      expect(report.lazy.some((chunk) => chunk.file.includes(lazyPart))).toBe(true);
    }
  });
});
