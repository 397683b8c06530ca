// A signed-in user with a workspace session, and the calls the files tests make on its files
// (REST, raw fetch for bodies and answers that are not JSON).
import { join } from 'node:path';
import { workspacesDir } from '../../src/config';
import type { TestServer } from './test-server';
import { getJson } from './test-server';
import { registerUser, type RegisteredUser } from './rest-client';

/** `/sessions/<id>/files/<path>`, each segment of `path` percent-encoded (the root for ''). */
export function filesPath(sessionId: string, path = '', route = 'files'): string {
  const encoded = path === '' ? '' : path.split('/').map(encodeURIComponent).join('/');
  return `/sessions/${sessionId}/${route}/${encoded}`;
}

export interface SessionFiles {
  user: RegisteredUser;
  sessionId: string;
  /** The session's tree on disk (exists once a file operation ran). */
  tree: string;
  get(path: string, query?: string): ReturnType<typeof getJson>;
  put(path: string, body: unknown, headers?: Record<string, string>): ReturnType<typeof getJson>;
  post(path: string, body: unknown): ReturnType<typeof getJson>;
  delete(path: string, query?: string): ReturnType<typeof getJson>;
  /** A raw answer (bytes and headers), for `?raw=1`. */
  raw(path: string): Promise<Response>;
  upload(path: string, body: BodyInit | Buffer, contentType: string | undefined, query?: string): ReturnType<typeof getJson>;
}

export async function sessionFiles(server: TestServer, user?: RegisteredUser): Promise<SessionFiles> {
  const owner = user ?? (await registerUser(server.api));
  const created = await server.api.post('/sessions', { name: 'Files' }, owner.accessToken);
  if (created.status !== 201) throw new Error(`sessions.create failed: ${created.status}`);
  const sessionId = created.body.data.session_id as string;
  const auth = { authorization: `Bearer ${owner.accessToken}` };
  const url = (path: string, query = '', route = 'files') =>
    `${server.url}/api/v5${filesPath(sessionId, path, route)}${query ? `?${query}` : ''}`;
  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    getJson(url(path), {
      method,
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return {
    user: owner,
    sessionId,
    tree: join(workspacesDir({ DATA_DIR: server.dataDir, WORKSPACES_DIR: undefined }), owner.tenantId, sessionId, 'tree'),
    get: (path, query) => getJson(url(path, query), { headers: auth }),
    put: (path, body, headers) => json('PUT', path, body, headers),
    post: (path, body) => json('POST', path, body),
    delete: (path, query) => getJson(url(path, query), { method: 'DELETE', headers: auth }),
    raw: (path) => fetch(url(path, 'raw=1'), { headers: auth }),
    upload: (path, body, contentType, query) =>
      getJson(url(path, query, 'upload'), {
        method: 'POST',
        headers: { ...auth, ...(contentType ? { 'content-type': contentType } : {}) },
        body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
        duplex: 'half',
      } as RequestInit),
  };
}
