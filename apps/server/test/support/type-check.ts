// Type-checks one file with the server package's strict settings, as a user's copy of an example
// would be: the diagnostics as readable lines, none when it is clean.
import { dirname, join } from 'node:path';
import ts from 'typescript';

export function typeCheck(file: string): string[] {
  const configPath = join(import.meta.dirname, '..', '..', 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${d.file.fileName})` : ''));
}
