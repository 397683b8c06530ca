// Where a failed audit write is reported: one JSON line on stderr, apart from the request log, so
// a lost audit batch is visible even with LOG_LEVEL=silent. The error's message only — never the
// entries themselves.
export function reportAuditFailure(error: unknown, lostEntries: number): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: 'audit write failed', lost_entries: lostEntries, error: message })}\n`,
  );
}
