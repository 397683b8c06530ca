// Which commands run without approval: with `execute` auto-approved, any; otherwise only a command
// line that is one simple command starting with an allowed prefix as a whole word. Anything that
// could chain, substitute or redirect (`npm test; rm -rf .`, `ls $(…)`, `cat > x`) needs the user.
const NOT_SIMPLE = /[;&|`$<>(){}\\\n\r]/;

export function commandPreApproved(
  command: string,
  policy: { autoApprove: readonly string[]; allowedCommands: readonly string[] },
): boolean {
  if (policy.autoApprove.includes('execute')) return true;
  const line = command.trim();
  if (NOT_SIMPLE.test(line)) return false;
  return policy.allowedCommands.some((prefix) => line === prefix || line.startsWith(`${prefix} `));
}
