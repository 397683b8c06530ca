// A small project with a file in each language the editor highlights, put into a session's real
// workspace through the REST API before a browser scenario (what a script with the user's token,
// or a terminal, could do).
import type { Page } from 'playwright-core';
import { restAsUser } from './page-helpers';

export const SAMPLE_FILES: Record<string, string> = {
  'README.md':
    '# Sample project\n\nA small tree to try the editor on: **open** files, edit, save with `Ctrl+S`.\n\n- Quick open: `Ctrl+P`\n- Search in files: `Ctrl+Shift+F`\n- Commands: `Ctrl+Shift+P`\n',
  'package.json': '{\n  "name": "demo",\n  "private": true,\n  "scripts": { "test": "vitest run" }\n}\n',
  'src/app.ts':
    "import { greet } from './greet';\n\nexport function main(argv: string[]): number {\n  const name = argv[0] ?? 'world';\n  console.log(greet(name));\n  return 0;\n}\n",
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  'src/view.tsx': 'export function Hello({ name }: { name: string }) {\n  return <p className="hello">Hello, {name}</p>;\n}\n',
  'src/styles.css': '.hello {\n  color: #0b6bcb;\n  font-weight: 600;\n}\n',
  'public/index.html': '<!doctype html>\n<html lang="en">\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n',
  'scripts/stats.py':
    'import sys\n\n\ndef mean(values: list[float]) -> float:\n    return sum(values) / len(values)\n\n\nif __name__ == "__main__":\n    print(mean([float(v) for v in sys.argv[1:]]))\n',
  'scripts/deploy.sh': '#!/usr/bin/env bash\nset -euo pipefail\nfor target in "$@"; do\n  echo "deploying $target"\ndone\n',
  'native/src/lib.rs':
    'pub fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 2), 4);\n    }\n}\n',
  'service/main.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello from go")\n}\n',
  'config/app.yaml': 'server:\n  port: 8080\n  workers: 2\nfeatures:\n  - search\n  - quick-open\n',
  'db/schema.sql':
    'CREATE TABLE sessions (\n  id UUID PRIMARY KEY,\n  name TEXT NOT NULL,\n  updated_at TIMESTAMPTZ DEFAULT now()\n);\n',
};

/** One demo tree per session, kept in this browser's storage and shared by its tabs. */

/** The session id of the IDE's address (`/sessions/<id>`). */
export function sessionIdOf(url: string): string {
  const id = /\/sessions\/([0-9a-f-]{36})/.exec(url)?.[1];
  if (!id) throw new Error(`No session in ${url}`);
  return id;
}

/** A workspace path as the REST route takes it: each segment percent-encoded. */
export function filesRoute(sessionId: string, path: string): string {
  return `/sessions/${sessionId}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Writes each file (folders are created) as the signed-in user; answers their etags. */
export async function putFiles(page: Page, sessionId: string, files: Record<string, string>): Promise<Record<string, string>> {
  const etags: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    const written = (await restAsUser(page, 'PUT', filesRoute(sessionId, path), { content })) as { etag: string };
    etags[path] = written.etag;
  }
  return etags;
}
