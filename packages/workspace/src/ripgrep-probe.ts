// Whether ripgrep is installed, for the server to log one clear line at start-up (search fails
// with SEARCH_UNAVAILABLE without it; everything else works).
import { spawn } from 'node:child_process';

export interface RipgrepStatus {
  available: boolean;
  /** The executable asked for ("rg" unless configured). */
  path: string;
  /** "13.0.0" when available. */
  version: string | null;
  /** A sentence for the server log. */
  message: string;
}

export function detectRipgrep(path = 'rg', timeoutMs = 5_000): Promise<RipgrepStatus> {
  return new Promise((resolve) => {
    const unavailable = (why: string) =>
      resolve({
        available: false,
        path,
        version: null,
        message: `ripgrep (${path}) is not usable: ${why}. Workspace search is disabled; install it with "apt-get install -y ripgrep".`,
      });
    let output = '';
    const child = spawn(path, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      unavailable(error.code === 'ENOENT' ? 'not found' : (error.code ?? 'cannot start'));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const version = /^ripgrep (\S+)/.exec(output)?.[1] ?? null;
      if (code !== 0 || !version) return unavailable(code === null ? 'timed out' : `unexpected output of --version`);
      resolve({ available: true, path, version, message: `ripgrep ${version} (${path}) is available for workspace search.` });
    });
  });
}
