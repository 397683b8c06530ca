// A session whose workspace holds `count` small files in its root, uploaded as one .tar.gz
// through the API (so the tree is made as users make it).
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

function tarOf(files: Array<{ name: string; data: Buffer }>): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const header = Buffer.alloc(512);
    new Header({ path: file.name, type: 'File', size: file.data.length, mode: 0o644, mtime: new Date() }).encode(header, 0);
    blocks.push(header, file.data, Buffer.alloc((512 - (file.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface BenchCaller {
  token: string;
  call(method: string, path: string, body?: unknown): Promise<any>;
}

export async function workspaceWithFiles(
  baseUrl: string,
  user: BenchCaller,
  count: number,
): Promise<{ token: string; sessionId: string }> {
  const session = await user.call('POST', '/api/v5/sessions', { name: 'bench files' });
  const data = Buffer.alloc(1024, 'x');
  const files = Array.from({ length: count }, (_, index) => ({ name: `file-${String(index).padStart(5, '0')}.txt`, data }));
  const started = Date.now();
  const response = await fetch(`${baseUrl}/api/v5/sessions/${session.session_id}/upload/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/gzip' },
    body: new Uint8Array(gzipSync(tarOf(files))),
  });
  if (response.status !== 201) throw new Error(`seeding the workspace failed: ${response.status} ${await response.text()}`);
  console.error(`uploaded ${count} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { token: user.token, sessionId: session.session_id as string };
}
