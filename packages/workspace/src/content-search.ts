// Searching file contents with ripgrep, spawned with an argument array (never a shell). rg runs
// with its working directory set to the opened search directory itself (/proc/self/fd/<fd>,
// entered by the child before exec), searches ".", and follows no symlinks (its default, kept
// explicit with --no-follow); it reads no config file and no ignore file above the tree. It only
// opens regular files it meets while walking, never FIFOs or devices. Results stream in and rg is
// killed once the cap or the timeout is reached.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathAt } from './confined-resolve';
import { openConfinedDirectory } from './confined-open';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface SearchOptions {
  query: string;
  /** Treat `query` as a regular expression (Rust syntax, linear time) instead of a literal. */
  regex?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  /** Only files matching one of these globs (relative to the searched directory), e.g. "*.ts", "src/**". */
  include?: string[];
  /** Skip files and directories matching these globs. */
  exclude?: string[];
  /** Directory to search in ("" for the whole tree). */
  path?: string;
  /** Also search files ignored by .gitignore/.ignore. Default false. */
  includeIgnored?: boolean;
  maxResults?: number;
  timeoutMs?: number;
}

export interface SearchMatch {
  path: string;
  /** 1-based line number. */
  line: number;
  /** 1-based column, in UTF-16 code units (as editors count). */
  column: number;
  /** The matching line, cut to PREVIEW_CHARS around the match. */
  preview: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches exist than were returned (the cap was reached). */
  truncated: boolean;
  timed_out: boolean;
}

const PREVIEW_CHARS = 240;
const MAX_QUERY_CHARS = 1_000;
const MAX_GLOBS = 50;

interface RgText {
  text?: string;
  bytes?: string;
}

function decodeRgText(value: RgText | undefined): Buffer {
  if (value?.text !== undefined) return Buffer.from(value.text);
  return Buffer.from(value?.bytes ?? '', 'base64');
}

function preview(line: string, column: number): string {
  const text = line.replace(/\r?\n$/, '');
  if (text.length <= PREVIEW_CHARS) return text;
  const start = Math.max(0, Math.min(column - 1 - 40, text.length - PREVIEW_CHARS));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + PREVIEW_CHARS)}…`;
}

function ripgrepArguments(options: SearchOptions): string[] {
  // --no-require-git: a workspace's .gitignore applies whether or not it is a git repository.
  const args = [
    '--json',
    '--no-config',
    '--no-follow',
    '--no-ignore-parent',
    '--no-ignore-global',
    '--no-require-git',
    '--hidden',
    '--no-messages',
  ];
  args.push('--glob', '!.git', options.caseSensitive ? '--case-sensitive' : '--ignore-case');
  if (!options.regex) args.push('--fixed-strings');
  if (options.wholeWord) args.push('--word-regexp');
  if (options.includeIgnored) args.push('--no-ignore-vcs', '--no-ignore-dot');
  for (const glob of options.include ?? []) args.push('--glob', glob);
  for (const glob of options.exclude ?? []) args.push('--glob', `!${glob}`);
  args.push('--regexp', options.query, '--', '.');
  return args;
}

function validate(options: SearchOptions): void {
  const invalid = (message: string, field: string) => new WorkspaceError('INVALID_ARGUMENT', message, { field });
  if (typeof options.query !== 'string' || options.query === '') throw invalid('The search query is empty', 'query');
  if (options.query.length > MAX_QUERY_CHARS || options.query.includes('\u0000'))
    throw invalid('The search query is too long or contains NUL', 'query');
  const globs = [...(options.include ?? []), ...(options.exclude ?? [])];
  if (globs.length > MAX_GLOBS) throw invalid(`At most ${MAX_GLOBS} globs`, 'include');
  for (const glob of globs) {
    if (typeof glob !== 'string' || glob === '' || glob.length > 500 || /[\u0000-\u001f]/.test(glob))
      throw invalid('Invalid glob', 'include');
  }
}

export async function searchContents(ctx: WorkspaceContext, options: SearchOptions): Promise<SearchResult> {
  validate(options);
  const segments = parseWorkspacePath(options.path ?? '');
  const base = formatWorkspacePath(segments);
  const maxResults = Math.max(1, Math.min(options.maxResults ?? ctx.settings.searchMaxResults, 10_000));
  const timeoutMs = options.timeoutMs ?? ctx.settings.searchTimeoutMs;
  const dir = await openConfinedDirectory(ctx.layout.tree, segments, base);
  try {
    return await new Promise<SearchResult>((resolve, reject) => {
      const matches: SearchMatch[] = [];
      let truncated = false;
      let timedOut = false;
      let stderr = '';
      const child = spawn(ctx.settings.ripgrepPath, ripgrepArguments(options), {
        cwd: pathAt(dir),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 10_000) stderr += chunk.toString();
      });
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (truncated) return;
        let event: {
          type?: string;
          data?: { path?: RgText; lines?: RgText; line_number?: number; submatches?: { start: number }[] };
        };
        try {
          event = JSON.parse(line) as typeof event;
        } catch {
          return;
        }
        if (event.type !== 'match' || !event.data) return;
        const relative = decodeRgText(event.data.path).toString().replace(/^\.\//, '');
        const path = base === '' ? relative : `${base}/${relative}`;
        const lineBytes = decodeRgText(event.data.lines);
        const lineText = lineBytes.toString();
        for (const submatch of event.data.submatches ?? []) {
          if (matches.length >= maxResults) {
            truncated = true;
            child.kill('SIGKILL');
            return;
          }
          const column = lineBytes.subarray(0, submatch.start).toString().length + 1;
          matches.push({ path, line: event.data.line_number ?? 0, column, preview: preview(lineText, column) });
        }
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          error.code === 'ENOENT'
            ? new WorkspaceError('SEARCH_UNAVAILABLE', 'Search is unavailable: ripgrep is not installed', undefined, {
                cause: error,
              })
            : new WorkspaceError('IO_ERROR', 'Search failed', undefined, { cause: error }),
        );
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        lines.close();
        // rg exits 1 for "no match" and 2 when some file could not be read (results still valid);
        // exit 2 with nothing printed and a parse error is a bad pattern.
        if (code === 2 && matches.length === 0 && /regex parse error|error parsing glob|unrecognized|invalid/i.test(stderr)) {
          reject(new WorkspaceError('INVALID_ARGUMENT', 'Invalid search pattern or glob', { field: 'query' }));
          return;
        }
        resolve({ matches, truncated, timed_out: timedOut });
      });
    });
  } finally {
    await dir.close();
  }
}
