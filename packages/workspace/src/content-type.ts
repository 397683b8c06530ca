// A content type for raw downloads, guessed from the file name's extension (never sniffed).
// Serve downloads with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`:
// an HTML or SVG file from a workspace must never render on the application's origin.
import { extname } from 'node:path';

const TEXT = 'text/plain; charset=utf-8';

const TYPES: Record<string, string> = {
  '.txt': TEXT,
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.jsx': 'text/javascript; charset=utf-8',
  '.ts': 'text/x-typescript; charset=utf-8',
  '.tsx': 'text/x-typescript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.toml': TEXT,
  '.ini': TEXT,
  '.log': TEXT,
  '.sh': 'text/x-shellscript; charset=utf-8',
  '.py': 'text/x-python; charset=utf-8',
  '.rb': TEXT,
  '.go': TEXT,
  '.rs': TEXT,
  '.java': TEXT,
  '.c': TEXT,
  '.h': TEXT,
  '.cpp': TEXT,
  '.sql': 'application/sql; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const TEXT_NAMES = new Set(['Dockerfile', 'Makefile', 'LICENSE', 'README', '.gitignore', '.env', '.editorconfig']);

export function contentTypeFor(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (TEXT_NAMES.has(base)) return TEXT;
  return TYPES[extname(base).toLowerCase()] ?? 'application/octet-stream';
}
