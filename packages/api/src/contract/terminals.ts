// Terminals of a workspace session: real shells in a sandbox confined to the session's workspace.
// These operations start, list, rename and kill them; their bytes go over the attach WebSocket
// (GET /api/v5/sessions/:session_id/terminals/:terminal_id/pty, see docs/api-rules.md), whose
// first frame is checked by `terminals.attach`.
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZTimestamp } from './common';
import type { ErrorCode } from './error-codes';

export const TERMINAL_LIMITS = {
  titleChars: 200,
  shellChars: 200,
  cwdChars: 4096,
  minCols: 2,
  maxCols: 1000,
  minRows: 1,
  maxRows: 500,
} as const;

/** The session is not the caller's; the terminal is not the session's; a `cwd` that is no directory. */
export const TERMINAL_ERRORS = [
  'SESSION_NOT_FOUND',
  'TERMINAL_NOT_FOUND',
  'INVALID_PATH',
  'FILE_NOT_FOUND',
  'NOT_A_DIRECTORY',
] as const satisfies readonly ErrorCode[];

const ZTitle = z
  .string()
  .min(1)
  .max(TERMINAL_LIMITS.titleChars)
  // Control characters spelled as a range (as tags do): `\p{Cc}` is unknown to other regex engines.
  .regex(/^[^\x00-\x1f\x7f-\x9f]*$/, 'no control characters');

export const ZRunningTerminal = z
  .object({
    terminal_id: ZId,
    session_id: ZId,
    title: z.string(),
    /** `running`, or `exited` with its exit code (128 + n when it died of signal n). */
    state: z.enum(['running', 'exited']),
    exit_code: z.number().int().nullable(),
    /** Why it ended: on its own (`exited`), `killed`, `idle` (nobody attached for TERMINAL_IDLE_TTL), `over_quota`, `shutdown`. */
    end_reason: z.enum(['exited', 'killed', 'idle', 'over_quota', 'shutdown']).nullable(),
    cols: z.number().int(),
    rows: z.number().int(),
    /** WebSockets attached right now. */
    attachments: z.number().int().min(0),
    created_at: ZTimestamp,
  })
  .meta({ id: 'RunningTerminal' });
export type TRunningTerminal = z.infer<typeof ZRunningTerminal>;

export const ZCreateTerminalRequest = z.strictObject({
  session_id: ZId,
  /** The shell inside the sandbox; the `terminal.shell` setting, else bash. */
  shell: z
    .string()
    .min(1)
    .max(TERMINAL_LIMITS.shellChars)
    .regex(/^[A-Za-z0-9._/+-]+$/, 'a program name or absolute path')
    .optional(),
  /** Workspace-relative working directory (the workspace root by default). */
  cwd: z.string().max(TERMINAL_LIMITS.cwdChars).optional(),
  title: ZTitle.optional(),
  cols: z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols).default(80),
  rows: z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows).default(24),
});

export const ZSessionTerminalsRequest = z.strictObject({ session_id: ZId });
export const ZTerminalRequest = z.strictObject({ session_id: ZId, terminal_id: ZId });
export const ZRenameTerminalRequest = z.strictObject({ session_id: ZId, terminal_id: ZId, title: ZTitle });

export const ZTerminalList = z.object({ terminals: z.array(ZRunningTerminal) });

const TERMINALS_PATH = '/sessions/:session_id/terminals';
export const TERMINAL_PATH = '/sessions/:session_id/terminals/:terminal_id';

export const terminalsContract = {
  create: defineOperation({
    type: 'mutation',
    input: ZCreateTerminalRequest,
    output: ZRunningTerminal,
    meta: {
      access: 'user',
      summary: 'Start a shell in the session’s workspace, in a sandbox; attach to it over the pty WebSocket',
      errors: TERMINAL_ERRORS,
      rest: { method: 'POST', path: TERMINALS_PATH, successStatus: 201 },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: ZSessionTerminalsRequest,
    output: ZTerminalList,
    meta: {
      access: 'user',
      summary: 'The session’s terminals, running or exited (with exit code), oldest first',
      errors: TERMINAL_ERRORS,
      rest: { method: 'GET', path: TERMINALS_PATH },
    },
  }),
  rename: defineOperation({
    type: 'mutation',
    input: ZRenameTerminalRequest,
    output: ZRunningTerminal,
    meta: {
      access: 'user',
      summary: 'Give a terminal a new title',
      errors: TERMINAL_ERRORS,
      rest: { method: 'PATCH', path: TERMINAL_PATH },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZTerminalRequest,
    output: ZRunningTerminal,
    meta: {
      access: 'user',
      summary: 'Kill a terminal: its shell and everything started in its sandbox',
      errors: TERMINAL_ERRORS,
      rest: { method: 'DELETE', path: TERMINAL_PATH },
    },
  }),
  /**
   * The pty WebSocket's first frame: checks the credential and that the terminal is the caller's.
   * Not a REST route: the WebSocket at `<terminal>/pty` calls it. A mutation, since an attachment
   * types into the shell: a `read` API key may not attach.
   */
  attach: defineOperation({
    type: 'mutation',
    input: ZTerminalRequest,
    output: ZRunningTerminal,
    meta: {
      access: 'user',
      summary: 'Check that a terminal may be attached to (the pty WebSocket’s first frame)',
      errors: TERMINAL_ERRORS,
    },
  }),
};

export type TCreateTerminalRequest = z.infer<typeof ZCreateTerminalRequest>;
export type TTerminalRequest = z.infer<typeof ZTerminalRequest>;
export type TRenameTerminalRequest = z.infer<typeof ZRenameTerminalRequest>;
