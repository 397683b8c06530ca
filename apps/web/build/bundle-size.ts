// What a page of the production build costs: the JavaScript the sign-in page loads (the entry and
// every chunk it imports statically, from Vite's manifest) and the lazily loaded chunks, each
// measured gzipped as the server sends it. `pnpm --filter @coditect/web bundle-size` prints them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface BundleReport {
  /** Files the sign-in page loads, with their gzipped sizes. */
  signInPage: { files: string[]; gzipBytes: number };
  /** Each lazily loaded chunk (and what it adds beyond the sign-in page). */
  lazy: { name: string; file: string; gzipBytes: number }[];
}

export function gzipSize(distDir: string, file: string): number {
  return gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
}

export function bundleReport(distDir: string): BundleReport {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('No entry chunk in the manifest');
  const initial = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry[0]);
  const files = [...initial].filter((file) => file.endsWith('.js'));
  return {
    signInPage: { files, gzipBytes: files.reduce((sum, file) => sum + gzipSize(distDir, file), 0) },
    lazy: Object.values(manifest)
      .filter((chunk) => chunk.file.endsWith('.js') && !initial.has(chunk.file))
      .map((chunk) => ({ name: chunkName(chunk.file), file: chunk.file, gzipBytes: gzipSize(distDir, chunk.file) }))
      .sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}

/** "assets/lang-python-CXFEyIM0.js" → "lang-python". */
function chunkName(file: string): string {
  return file.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '');
}

export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
