// The exact change a write makes, as a unified diff for the approval request: one hunk spanning
// everything between the unchanged start and end of the file, with three lines of context.
const CONTEXT = 3;

function lines(text: string): string[] {
  if (text === '') return [];
  const split = text.split('\n');
  if (split.at(-1) === '') split.pop();
  return split;
}

export function unifiedDiff(path: string, before: string | null, after: string): string {
  const oldLines = lines(before ?? '');
  const newLines = lines(after);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const header = `--- ${before === null ? '/dev/null' : `a/${path}`}\n+++ b/${path}\n`;
  if (prefix === oldLines.length && prefix === newLines.length) return header;
  const start = Math.max(0, prefix - CONTEXT);
  const oldEnd = Math.min(oldLines.length, oldLines.length - suffix + CONTEXT);
  const newEnd = Math.min(newLines.length, newLines.length - suffix + CONTEXT);
  const body = [
    ...oldLines.slice(start, prefix).map((line) => ` ${line}`),
    ...oldLines.slice(prefix, oldLines.length - suffix).map((line) => `-${line}`),
    ...newLines.slice(prefix, newLines.length - suffix).map((line) => `+${line}`),
    ...oldLines.slice(oldLines.length - suffix, oldEnd).map((line) => ` ${line}`),
  ];
  const range = (from: number, count: number) => `${count === 0 ? from : from + 1},${count}`;
  return `${header}@@ -${range(start, oldEnd - start)} +${range(start, newEnd - start)} @@\n${body.join('\n')}\n`;
}
