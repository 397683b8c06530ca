// `pnpm --filter @coditect/web bundle-size`: the figures the README quotes, from the last build.
import { fileURLToPath } from 'node:url';
import { bundleReport, formatKilobytes } from './bundle-size';

const report = bundleReport(fileURLToPath(new URL('../dist', import.meta.url)));
console.log(`sign-in page JavaScript: ${formatKilobytes(report.signInPage.gzipBytes)} gzip`);
for (const chunk of report.lazy)
  console.log(`  lazy ${chunk.name.padEnd(18)} ${formatKilobytes(chunk.gzipBytes).padStart(9)} gzip`);
